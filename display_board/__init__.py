"""The hall board: what it shows and what it says.

`announcer` (which calls are spoken, in order, never two at once), `phrase` (the clip keys
of a call) and `voice` (the clips and how they join into one WAV) are plain Python, shared
by the web board served by queue_server and the Qt board; only the Qt views import PySide6.
"""
