"""Measuring a repair: metrics against references, an MQM-style score, a self-contained HTML report.

Modules:
    mqm      an MQM-style penalty per 1,000 words from findings (Google's WMT weights)
    runs     fix one document and record what changed (shared by ``fix --report`` and ``eval``)
    metrics  chrF, BLEU and TER before and after (sacrebleu), per-segment chrF, false positives
    report   one HTML file with totals, bar charts and every changed segment as a diff
    batch    the report of ``repair fix --report``
    progress rich progress bars on stderr (terminal only, off with ``--quiet``)
    command  the ``repair eval`` command (registered on ``repair.cli.main``)
"""
