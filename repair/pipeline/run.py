"""One document through the rules and the model: checked (:meth:`Pipeline.check`), or fixed
and re-checked (:meth:`Pipeline.repair`). ``check``, ``fix``, ``eval`` and ``review`` all
call these, so the fix pipeline exists once."""

from __future__ import annotations

from collections.abc import Sequence

from repair import bilingual
from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine, Settings
from repair.longlived import made_to_last
from repair.model.runner import ModelRun
from repair.mqm import MqmScore, combine, mqm_score
from repair.pipeline.options import RunOptions
from repair.pipeline.repaired import Repaired


class Pipeline:
    """The rules (and the model) of one run.

    Args:
        engine: the compiled rules (glossary rules included).
        model: the model of the run (none by default).
        mark: mark changed units of bilingual files when fixing (``--mark``).
    """

    def __init__(self, engine: Engine, model: ModelRun | None = None, mark: bool = True) -> None:
        self.engine = engine
        self.model = model or ModelRun()
        self.mark = mark

    @classmethod
    def from_options(cls, options: RunOptions, settings: Settings) -> Pipeline:
        """The pipeline ``options`` ask for, with the rules of ``settings`` (:meth:`RunOptions.settings`).

        Raises:
            PackError: for a bad pack; InputError for an unreadable glossary.
        """
        with made_to_last():  # the packs, rules and matchers live as long as the process
            engine = bilingual.with_glossary(Engine.from_settings(settings), options.bilingual.glossaries)
        return cls(engine, ModelRun(options.model), options.bilingual.mark)

    def check(self, doc: Document, model: bool = True) -> list[Edit]:
        """Every finding for ``doc`` in document order: the rules', and the model's unless ``model`` is false.

        Raises:
            ModelError: when the model cannot be loaded or run.
        """
        found = self.engine.check(doc)
        return self.model.merged(doc, found) if model else found

    def repair(self, doc: Document, unsafe: bool, name: str = "", before: bool = True) -> Repaired:
        """Fix ``doc`` (rules, and the model edits ``--accept-model`` lets in) and re-check it.

        Args:
            doc: the document (not modified).
            unsafe: apply unsafe fixes too (``--unsafe-fixes``).
            name: the display name for reports (default: the document's path).
            before: keep the findings on ``doc`` in :attr:`Repaired.before` (else ``[]``
                unless the model needed them). They come from the fix's own first round:
                the rules never run twice on the same text.

        Returns:
            the document before and after, with the edits of every round and what is left.

        Raises:
            FixLoopError: when the fixes do not settle; ModelError when the model fails.
        """
        first = self.engine.check_run(doc) if before or self.model.accepting else None
        found = first.edits if first is not None else []
        extra = self.model.accepted(doc, found) if self.model.accepting else []
        fixed, rounds, after = self.engine.fix_checked(doc, unsafe=unsafe, extra=extra, first=first)
        fixed = bilingual.mark_changes(fixed, rounds, self.mark)  # annotations only: the same findings
        return Repaired(doc, fixed, [e for r in rounds for e in r], found, after, name, [list(r) for r in rounds])


def repair_document(engine: Engine, doc: Document, unsafe: bool, name: str = "") -> Repaired:
    """Check, fix and re-check one document with the rules of ``engine`` alone (see :meth:`Pipeline.repair`)."""
    return Pipeline(engine).repair(doc, unsafe, name)


def mqm_fields(engine: Engine, results: Sequence[tuple[Document, list[Edit]]]) -> tuple[list[dict], dict]:
    """The ``mqm`` keys ``check --format json`` adds per file and to its summary.

    For each document: the score of its findings (``before``), and of what ``check`` would
    still find after ``repair fix`` (``after.safe``) and after ``repair fix --unsafe-fixes``
    (``after.unsafe``). Each score is :meth:`MqmScore.to_dict` (penalty per 1,000 words).

    Args:
        engine: the engine that produced the findings.
        results: ``(document, findings)`` per file, as ``check`` has them.

    Returns:
        ``(per_file, summary)``: ``[{"mqm": {...}}, ...]`` aligned with ``results``, and
        ``{"mqm": {...}}`` over all files (penalties and words summed).
    """
    per_file: list[dict] = []
    totals: dict[str, list[MqmScore]] = {"before": [], "safe": [], "unsafe": []}
    for doc, findings in results:
        before = mqm_score(findings, doc.word_count())
        scores = {"before": before}
        for tier, unsafe in (("safe", False), ("unsafe", True)):
            fixed, rounds = engine.fix(doc, unsafe=unsafe)
            scores[tier] = mqm_score(engine.check(fixed), fixed.word_count()) if rounds else before
        for k, v in scores.items():
            totals[k].append(v)
        per_file.append({"mqm": _mqm_dict(scores)})
    summary = {k: combine(v) for k, v in totals.items()}
    weights = (
        "Freitag et al. 2021: minor 1, major 5, minor fluency/punctuation 0.1, non-translation 25; per 1,000 words"
    )
    return per_file, {"mqm": {**_mqm_dict(summary), "weights": weights}}


def _mqm_dict(scores: dict[str, MqmScore]) -> dict:
    return {
        "before": scores["before"].to_dict(),
        "after": {"safe": scores["safe"].to_dict(), "unsafe": scores["unsafe"].to_dict()},
    }
