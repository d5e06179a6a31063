"""The review app's widgets and screens: the main screen (:mod:`.review_screen`), the article
pane (:mod:`.article`), the queue's lines (:mod:`.queue`), the key bar (:mod:`.keybar`) and
the modal dialogs (:mod:`.screens`). Their layout is in ``repair/review/app.tcss``."""
