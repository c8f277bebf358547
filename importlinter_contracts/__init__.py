"""Import-linter contract types of our own (registered in pyproject.toml's `contract_types`).

import-linter's built-in contracts are deny-lists: a `forbidden` contract names what a
package must not import, so a package it forgot to name slips through. `stdlib_only` is an
allow-list: the source packages may import the standard library (`sys.stdlib_module_names`
of the Python running the check), themselves and the packages in `allowed_modules`, and
nothing else. It needs `include_external_packages = true`, so the graph holds every
external module a package imports.
"""

from __future__ import annotations

import sys
from typing import cast

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class StandardLibraryOnlyContract(Contract):
    """Options: `source_modules` (the packages checked), `allowed_modules` (more top-level
    packages they may import, optional)."""

    type_name = "stdlib_only"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        # The class attributes are fields; the base class sets each instance attribute to
        # the field's parsed value (a list of strings here, None for a missing option).
        sources = cast(list[str], self.source_modules)
        extra = cast(list[str] | None, self.allowed_modules) or []
        allowed = set(sys.stdlib_module_names) | {s.split(".")[0] for s in sources} | set(extra)
        illegal: list[dict[str, object]] = []
        for source in sources:
            if source not in graph.modules:
                raise ValueError(f"stdlib_only: module {source} is not in the import graph")
            for importer in sorted({source, *graph.find_descendants(source)}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if imported.split(".")[0] in allowed:
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    illegal.append(
                        {
                            "importer": importer,
                            "imported": imported,
                            "line_numbers": tuple(d["line_number"] for d in details),
                        }
                    )
        # Direct imports are enough: what a source imports is either the standard library
        # (a leaf in the graph) or a source itself, so no chain leaves the allowed set
        # without one of its own imports doing so.
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["illegal"]:
            lines = ", ".join(f"l.{n}" for n in item["line_numbers"])
            output.print_error(
                f"{item['importer']} -> {item['imported']} ({lines}): "
                "not the standard library and not allowed",
                bold=False,
            )
            output.new_line()
