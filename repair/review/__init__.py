"""`repair review`: accept, reject or rewrite every proposed edit, then save a corrected copy.

:mod:`repair.review.state` holds the review in plain Python (queue, decisions, undo, sidecar);
:mod:`repair.review.app` is the Textual app that draws it and sends it keys.
"""
