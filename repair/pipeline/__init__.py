"""The run layer: read -> check -> model -> apply -> write, once, for every command.

Modules:
    options    :class:`RunOptions`, the frozen options of one run (rules, model, bilingual input)
    read       inputs read into documents (sources and document ids attached)
    run        :class:`Pipeline`: one document checked, or fixed and re-checked (:class:`Repaired`)
    repaired   :class:`Repaired`, one document before and after fixing, as reports and measures need it
    fixreport  the HTML report of ``repair fix --report``
    work       ``Job``, ``Unit``, ``run_unit``: one unit of a batch, picklable
    batch      a run's units (per input, or per chunk) in input order, here or on ``-j N``
    chunks     a big plain-text file cut between articles (same findings and bytes)
    ray_engine the units as Ray Data tasks (``--engine ray``)
    finished   the completion record that ``fix --resume`` reads

``check``, ``fix``, ``eval`` and ``review`` (in :mod:`repair.commands`) all run documents
through :class:`Pipeline`; nothing here imports click, rich or the commands.
"""
