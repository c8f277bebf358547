"""The hall's domain: pure, synchronous, standard library only.

Everything that decides what happens in a hall lives here: the configuration model, the
ticket state machine, dispatch, numbering, ETA, NIK handling and the events. The server
persists what these functions return; it never decides on its own.
"""
