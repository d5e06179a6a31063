"""Measuring a repair against references (the ``repair eval`` command is :mod:`repair.commands.eval`).

Modules:
    evaluate  read, align, repair (through :mod:`repair.pipeline`) and measure: ``repair eval`` without output
    metrics   chrF, BLEU and TER before and after (sacrebleu), per-segment chrF, false positives
    report    the HTML report of ``repair eval`` (:mod:`repair.htmlreport` plus metrics and rules)

The MQM-style score is :mod:`repair.mqm`; the record of one repaired document is
:class:`repair.pipeline.repaired.Repaired`.
"""
