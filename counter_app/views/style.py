"""The look: one style sheet (assets/qss/counter.qss) and a helper for state properties."""

from __future__ import annotations

from importlib import resources

from PySide6.QtWidgets import QApplication, QWidget


def load_style_sheet() -> str:
    try:
        return (resources.files("assets") / "qss" / "counter.qss").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ""  # plain Qt looks: worse, but every state is still shown in words


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same widgets on every PC, whatever the desktop theme
    app.setStyleSheet(load_style_sheet())


def set_look(widget: QWidget, name: str, value: str) -> None:
    """Set a property the style sheet selects on (tone, role, state) and re-apply the
    sheet to the widget and its children, which Qt does not do by itself."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    for each in (widget, *widget.findChildren(QWidget)):
        each.style().unpolish(each)
        each.style().polish(each)
