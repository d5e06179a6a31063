"""repair: find and fix the known errors of machine-translated English.

The public surface is small: :class:`repair.edits.Edit` (the one currency of every
producer and consumer), :func:`repair.edits.apply_edits`, :class:`repair.engine.Engine`
and :func:`repair.document.read_document`.
"""

__version__ = "0.1.0"
