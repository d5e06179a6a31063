"""The command line, one module per command (``check``, ``fix``, ``rules``, ``review``, ``eval``,
``learn``, ``model``, ``server``), registered in :mod:`repair.commands.group`.

Shared pieces: :mod:`~repair.commands.options` (the click options, gathered into one frozen
:class:`~repair.pipeline.options.RunOptions`), :mod:`~repair.commands.errors` (one-line errors),
:mod:`~repair.commands.console` (stdout and stderr). The work itself is the run layer's
(:mod:`repair.pipeline`).
"""
