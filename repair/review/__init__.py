"""`repair review`: accept, reject or rewrite every proposed edit, then save a corrected copy.

The review in plain Python: :mod:`repair.review.state` (the facade, :class:`ReviewState`)
over :mod:`~repair.review.index` (the queue), :mod:`~repair.review.decisions` (verdicts and
the undo journal), :mod:`~repair.review.sidecar` (the decisions file), :mod:`~repair.review.recheck`
and :mod:`~repair.review.view` (filter and cursor). The Textual app is :mod:`repair.review.app`,
its widgets are in :mod:`repair.review.widgets`, its keys in :mod:`repair.review.actions`.
"""
