"""The counter staff's desktop client (petugas loket).

Plain-Python pieces (`actions`, `waiting` order, `figures`, `snapshot`, `today`) know
nothing of Qt widgets; `model.CounterSession` and `signin.SignIn` are QObjects with
signals and no widgets, testable without a window; `views/` take those models in their
constructors. See docs/counter.md.
"""
