"""The run layer: read -> check -> model -> apply -> write, once, for every command.

Modules:
    options    :class:`RunOptions`, the frozen options of one run (rules, model, bilingual input)
    read       inputs read into documents (sources and document ids attached)
    run        :class:`Pipeline`: one document checked, or fixed and re-checked (:class:`Repaired`)
    repaired   :class:`Repaired`, one document before and after fixing, as reports and measures need it
    fixreport  the HTML report of ``repair fix --report``

``check``, ``fix``, ``eval`` and ``review`` (in :mod:`repair.commands`) all run documents
through :class:`Pipeline`; nothing here imports click, rich or the commands.
"""
