"""``repair learn``: substitution rules mined from MT beside its post-edit (or a reference), and
lessons from review sidecars.

Modules: :mod:`~repair.learn.pairs` (reading MT/post-edit pairs), :mod:`~repair.learn.align`
(word alignment and the changes it shows), :mod:`~repair.learn.mine` (counting, generalising
and filtering candidates), :mod:`~repair.learn.packfile` (the pack written, with examples that
pass ``repair rules --test``), :mod:`~repair.learn.reviews` (review sidecars: rejection rates,
hand rewrites, accepted model edits), :mod:`repair.commands.learn` (the click command).
"""
