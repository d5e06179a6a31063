"""repair: find and fix the known errors of machine-translated English.

The public surface is small: :class:`repair.edits.Edit` (the one currency of every
producer and consumer), :func:`repair.edits.apply_edits`, :class:`repair.engine.Engine`
and :func:`repair.formats.read` (a file of any format, chosen by suffix, into a
:class:`repair.document.Document`).
"""

__version__ = "0.1.0"
