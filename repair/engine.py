"""The engine: compile rule packs once, find edits in documents, fix them to a fixpoint.

Usage::

    engine = Engine.from_settings(Settings())           # built-in packs
    edits = engine.check(doc)                           # every finding, overlaps resolved
    fixed, applied = engine.fix(doc, unsafe=False)      # safe fixes, re-checked until stable
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from repair.document import Document, Segment
from repair.edits import Edit, apply_edits, resolve_overlaps
from repair.errors import ConfigError, FixLoopError
from repair.rules.blocks import Block
from repair.rules.kinds import KINDS, Matcher, SegmentView
from repair.rules.pack import BUILTIN_PACKS, Pack, Rule, load_builtin, load_pack
from repair.steps import Steps, run_steps

#: Rounds of check-and-apply after which :meth:`Engine.fix` gives up (a round more that still
#: changes the text raises :class:`~repair.errors.FixLoopError`).
MAX_ROUNDS = 8
#: Segments checked per step of :meth:`Engine.check_steps` (a step of a few milliseconds of
#: news text with the shipped packs; figures in ``docs/performance.md``).
STEP_SEGMENTS = 40
#: Changed segments per step of :func:`apply_steps` (a few milliseconds; ``docs/performance.md``).
APPLY_SEGMENTS = 200


class CheckRun(NamedTuple):
    """What :meth:`Engine.check_steps` found.

    Attributes:
        edits: the edits, sorted by ``(segment, start)``; spans into each segment's text.
        states: the kinds' document states of the checked document (pass them as
            ``previous`` when checking a later version of it).
        checked: the indices of the segments checked, ``None`` for all of them.
    """

    edits: list[Edit]
    states: list[Any]
    checked: list[int] | None


@dataclass
class Settings:
    """What the user chose: packs, selection and fix tier (from the CLI and ``[tool.repair]``).

    Attributes:
        packs: paths of the user's own packs, loaded after the built-in ones.
        builtin: names of built-in packs to load (all by default).
        select: rule-id prefixes to enable (empty: all).
        ignore: rule-id prefixes to disable (applied after ``select``).
        unsafe_fixes: apply unsafe fixes too.
        select_from: where ``select`` came from, for error messages.
        ignore_from: where each ``ignore`` prefix came from (a pyproject.toml path; ``--ignore``
            when missing), for error messages.
        demote: rule-id prefixes whose fix tier goes one step down (safe -> unsafe,
            unsafe -> display), e.g. for rules people reject in review (``repair learn
            --from-reviews``).
    """

    packs: list[str] = field(default_factory=list)
    builtin: list[str] = field(default_factory=lambda: list(BUILTIN_PACKS))
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    unsafe_fixes: bool = False
    demote: list[str] = field(default_factory=list)
    #: the settings file ``demote`` came from, for error messages
    demote_from: str = "demote"
    #: where ``select`` came from, for error messages (``--select`` or a pyproject.toml path)
    select_from: str = "--select"
    ignore_from: dict[str, str] = field(default_factory=dict)


def _in_place(index: int) -> int:
    """Segments that did not move between two versions of a document (rounds of fixes)."""
    return index


def matches_prefix(rule_id: str, prefix: str) -> bool:
    """Whether ``prefix`` selects ``rule_id``: equal, or a whole leading part of its path.

    ``zh-en`` and ``zh-en/calque`` select ``zh-en/calque/covid``; ``zh-en/cal`` does not.
    """
    prefix = prefix.rstrip("/")
    return rule_id == prefix or rule_id.startswith(prefix + "/")


def _builtin_rule_matches(prefix: str) -> bool:
    """Whether ``prefix`` names a rule of any built-in pack (loaded or not)."""
    return any(matches_prefix(r.id, prefix) for name in BUILTIN_PACKS for r in load_builtin(name).rules)


def demote_rules(rules: Iterable[Rule], prefixes: Sequence[str]) -> list[Rule]:
    """``rules`` with the fix tier of those matched by ``prefixes`` one step down (safe ->
    unsafe, unsafe -> display; display stays)."""
    return [
        replace(r, applicability=r.applicability.demoted()) if any(matches_prefix(r.id, p) for p in prefixes) else r
        for r in rules
    ]


def select_rules(rules: Iterable[Rule], select: Sequence[str], ignore: Sequence[str]) -> list[Rule]:
    """Rules enabled by ``select`` (all when empty) and not disabled by ``ignore``."""
    out = []
    for r in rules:
        if select and not any(matches_prefix(r.id, p) for p in select):
            continue
        if any(matches_prefix(r.id, p) for p in ignore):
            continue
        out.append(r)
    return out


def _no_rule(key: str, origin: str, prefix: str) -> str:
    """The message for a ``key`` prefix (select, ignore, demote) that matches no rule: the key is
    named when ``origin`` is a settings file, not when it is the option itself ("--select")."""
    where = "" if origin.startswith("--") else f"{key}: "
    return f"{where}'{prefix}' matches no rule (see `repair rules`)"


class Engine:
    """Compiled rules: one matcher per kind, shared by every document.

    Args:
        rules: the enabled rules (any kinds, any packs).
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        by_kind: dict[str, list[Rule]] = {}
        for r in self.rules:
            by_kind.setdefault(r.kind, []).append(r)
        self.matchers: list[Matcher] = [KINDS[k](rs) for k, rs in by_kind.items()]

    @classmethod
    def from_packs(
        cls,
        packs: Sequence[Pack],
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        select_from: str = "--select",
        ignore_from: dict[str, str] | None = None,
        demote: Sequence[str] = (),
        demote_from: str = "demote",
    ) -> Engine:
        """Build an engine from loaded packs and id-prefix selection (``demote``: see :class:`Settings`).

        Args:
            ignore_from: where each ``ignore`` prefix came from (default ``--ignore``).
            demote_from: the settings file ``demote`` came from, for error messages.

        Raises:
            ConfigError: when two packs define the same rule id, a ``select`` prefix matches
                no rule, or an ``ignore`` prefix matches no rule of these packs nor of the
                built-in packs (a prefix of a built-in pack left unloaded ignores nothing, but
                is no typo), or a ``demote`` prefix matches no rule of these packs nor of the
                built-in packs. All are almost always typos.
        """
        rules: list[Rule] = []
        seen: dict[str, str] = {}
        for pack in packs:
            for r in pack.rules:
                if r.id in seen:
                    raise ConfigError(pack.path, f"rule '{r.id}' is already defined in {seen[r.id]}", r.line)
                seen[r.id] = pack.path
                rules.append(r)
        for p in select:
            if not any(matches_prefix(r.id, p) for r in rules):
                raise ConfigError(select_from, _no_rule("select", select_from, p))
        for p in ignore:
            if not any(matches_prefix(r.id, p) for r in rules) and not _builtin_rule_matches(p):
                origin = (ignore_from or {}).get(p, "--ignore")
                raise ConfigError(origin, _no_rule("ignore", origin, p))
        for p in demote:
            if not any(matches_prefix(r.id, p) for r in rules) and not _builtin_rule_matches(p):
                raise ConfigError(demote_from, _no_rule("demote", demote_from, p))
        return cls(demote_rules(select_rules(rules, select, ignore), demote))

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        """Load the built-in packs and the user's packs named in ``settings``, then select.

        Raises:
            PackError: when a pack is missing or malformed, or one of the user's packs holds a
                rule whose fix does not settle (see :mod:`repair.rules.settle`).
            ConfigError: see :meth:`from_packs`.
        """
        own = [load_pack(p) for p in settings.packs]
        if own:  # the shipped packs are checked by the test suite; without packs of one's own, not imported
            from repair.rules.settle import check_settles  # it builds engines of its own

            for pack in own:
                check_settles(pack)
        packs = [load_builtin(n) for n in settings.builtin] + own
        return cls.from_packs(
            packs,
            settings.select,
            settings.ignore,
            settings.select_from,
            settings.ignore_from,
            settings.demote,
            settings.demote_from,
        )

    def _segment_edits(self, seg: Segment, runs: list[tuple[Matcher, object, bool]]) -> list[Edit]:
        view = SegmentView(seg)
        found: list[Edit] = []
        for matcher, state, needs_source in runs:
            if needs_source and seg.source is None:
                continue  # source-aware kinds have nothing to compare
            for e in matcher.find(view, state):
                if not seg.is_protected(e.start, e.end):
                    found.append(e)
        if len(found) < 2:
            return found  # nothing can overlap
        kept, _ = resolve_overlaps(found)
        return kept

    def check(self, doc: Document, only: Iterable[int] | None = None) -> list[Edit]:
        """Every edit the rules propose for ``doc``, overlaps resolved, in document order.

        Args:
            doc: the document.
            only: check just these segment indices (document-level context, such as names
                introduced in full, still comes from the whole document).

        Returns:
            edits sorted by ``(segment, start)``; spans are offsets into each segment's text.
        """
        return run_steps(self.check_steps(doc, only)).edits

    def check_run(self, doc: Document) -> CheckRun:
        """:meth:`check` of the whole document, with the kinds' document states (for :meth:`fix`'s ``first``)."""
        return run_steps(self.check_steps(doc))

    def check_steps(
        self,
        doc: Document,
        only: Iterable[int] | None = None,
        previous: list[Any] | None = None,
        step: int = STEP_SEGMENTS,
        by_part: bool = False,
        moved: Callable[[int], int | None] | None = None,
    ) -> Steps[CheckRun]:
        """:meth:`check` cut into steps of a few milliseconds, for a caller that must stay
        responsive while it runs (the review's re-check runs its steps between key presses).

        Args:
            doc: the document.
            only: check just these segment indices (``None``: all).
            previous: the kinds' document states of an earlier version of ``doc`` (from an
                earlier run's :attr:`CheckRun.states`): the kinds refresh them, reusing what
                did not change, and when the document-level context (names introduced in full,
                a house style of capitals, the apostrophe in use) differs from theirs, the
                segments where that can change a finding are checked too (every segment,
                whatever ``only`` says, unless the kind can tell: see
                :meth:`~repair.rules.kinds.base.Matcher.context_recheck`).
            step: segments checked per step.
            by_part: when a kind cannot tell which segments a change of document-level context
                affects (:meth:`~repair.rules.kinds.base.Matcher.context_recheck` says ``None``),
                check again the segments of the document parts where it differs
                (:meth:`Matcher.context_parts`) rather than every segment; :attr:`CheckRun.checked` names them.
            moved: with ``previous``, where each segment of the earlier version is now (index
                then -> index now, ``None`` for one changed or gone); ``None``: in place.

        Yields:
            a line of progress after each kind's document state and every ``step`` segments.

        Returns:
            a :class:`CheckRun`.
        """
        states = []
        for n, m in enumerate(self.matchers):
            states.append((yield from m.state_steps(doc, None if previous is None else previous[n])))
            yield f"reading the document ({n + 1}/{len(self.matchers)})"
        if previous is not None:
            again: set[int] = set()
            for m, new, old in zip(self.matchers, states, previous):
                key, old_key = (yield from m.context_key_steps(new)), (yield from m.context_key_steps(old))
                yield "comparing the document-level context"
                recheck = m.context_recheck(doc, key, old_key, moved or _in_place)
                if recheck is None and by_part:
                    parts = m.context_parts(key, old_key)
                    if parts is not None:
                        recheck = [s.index for s in doc.segments if s.part in parts] if parts else ()
                if recheck is None:
                    only = None  # the edits changed document-level context: every segment again
                    break
                again.update(recheck)
            if only is not None:
                only = again.union(only)
        checked = None if only is None else sorted(set(only))
        segments = doc.segments if checked is None else [doc.segments[i] for i in checked]
        runs = [(m, st, m.needs_source) for m, st in zip(self.matchers, states)]
        out: list[Edit] = []
        for start in range(0, len(segments), step):
            block = Block([seg for seg in segments[start : start + step] if not seg.skip and seg.text])
            for seg, seg_runs in self._block_runs(block, runs):
                out.extend(self._segment_edits(seg, seg_runs))
            yield f"checking {min(start + step, len(segments))}/{len(segments)} segments"
        return CheckRun(out, states, checked)

    @staticmethod
    def _block_runs(block: Block, runs: list[tuple[Matcher, object, bool]]):
        """Yield ``(segment, runs)`` for the segments of ``block`` that some matcher may find an
        edit in (:meth:`Matcher.may_find`), with those matchers, in the order of ``runs``."""
        if not block.segments:
            return
        sourced = None
        plan = []
        for run in runs:
            matcher, state, needs_source = run
            if needs_source:
                if sourced is None:
                    sourced = {i for i, seg in enumerate(block.segments) if seg.source is not None}
                if not sourced:
                    continue  # source-aware kinds have nothing to compare
            hits = matcher.may_find(block, state)
            if hits is not None and not hits:
                continue
            plan.append((run, hits))
        if not plan:
            return
        if any(hits is None for _, hits in plan):
            todo: Iterable[int] = range(len(block.segments))
        else:
            todo = sorted(set[int]().union(*(hits for _, hits in plan if hits is not None)))
        for i in todo:
            seg_runs = [run for run, hits in plan if hits is None or i in hits]
            if seg_runs:
                yield block.segments[i], seg_runs

    def fix(
        self, doc: Document, unsafe: bool = False, extra: Sequence[Edit] = (), first: CheckRun | None = None
    ) -> tuple[Document, list[list[Edit]]]:
        """Apply safe (and with ``unsafe`` also unsafe) fixes, re-checking until nothing changes.

        Args:
            doc: the document to fix (not modified).
            unsafe: apply unsafe fixes too. Display-only edits are never applied.
            extra: edits from elsewhere (a person, a model) applied in the first round with
                the rule edits, by the overlap priority of :mod:`repair.edits`.
            first: the check of ``doc`` already made (:meth:`check_run`), used as the first
                round's instead of checking again.

        Returns:
            ``(fixed, rounds)``: the fixed document and the edits applied in each round (spans
            into the text as it was at that round); fixing ``fixed`` again changes nothing.
            Rounds after the first re-check only the segments the previous round changed.

        Raises:
            FixLoopError: when the fixes do not settle: a segment comes back to a text it had
                before (rules undo each other's fixes: found as soon as it happens), or fixes
                still apply after :data:`MAX_ROUNDS` rounds. It names the rules and the line.
        """
        fixed, rounds, _ = self.fix_checked(doc, unsafe, extra, first)
        return fixed, rounds

    def fix_checked(
        self, doc: Document, unsafe: bool = False, extra: Sequence[Edit] = (), first: CheckRun | None = None
    ) -> tuple[Document, list[list[Edit]], list[Edit]]:
        """:meth:`fix`, and what :meth:`check` finds in the fixed document: ``(fixed, rounds,
        remaining)``, the findings that the last round found or left in place (a segment that
        no round changed keeps the findings of the round that checked it last), without
        checking the fixed document again.

        Raises:
            FixLoopError: see :meth:`fix`.
        """
        rounds: list[list[Edit]] = []
        pending = list(extra)
        changed: set[int] | None = None  # first round: every segment; then those just changed
        states: list | None = None
        seen: dict[int, set[str]] = {}  # segment index -> every text it has had in this run
        latest: dict[int, list[Edit]] = {}  # segment index -> its findings, as last checked
        for n in range(MAX_ROUNDS + 1):
            if n == 0 and first is not None:
                found, states, checked = first.edits, first.states, first.checked
            else:
                found, states, checked = run_steps(self.check_steps(doc, changed, states, by_part=True))
            if checked is None:
                latest = {}
            else:
                for i in checked:
                    latest[i] = []
            for e in found:
                latest.setdefault(e.segment, []).append(e)
            edits = [e for e in found if e.applicability.applies(unsafe)] + pending
            pending = []
            before = doc
            doc, applied = apply_to_document(doc, edits)
            if not applied:
                break
            if n == MAX_ROUNDS:
                raise _loop_error(before, applied, [], f"still change the text after {MAX_ROUNDS} rounds of fixes")
            rounds.append(applied)
            changed = {e.segment for e in applied}
            back = []
            for i in sorted(changed):
                texts = seen.setdefault(i, {before.segments[i].text})
                if doc.segments[i].text in texts:
                    back.append(i)
                texts.add(doc.segments[i].text)
            if back:
                looping = [e for r in rounds for e in r if e.segment in back]
                raise _loop_error(
                    before, looping, back, "undo each other's fixes (the text comes back to an earlier state)"
                )
        return doc, rounds, [e for i in sorted(latest) for e in latest[i]]


def _loop_error(doc: Document, edits: Sequence[Edit], segments: Sequence[int], what: str) -> FixLoopError:
    """A :class:`FixLoopError` naming the rules of ``edits`` and the line of the first of
    ``segments`` (of the edits' segments when empty)."""
    rules = sorted({e.rule_id for e in edits})
    first = min(segments) if segments else min(e.segment for e in edits)
    who = f"rule {rules[0]}" if len(rules) == 1 else "rules " + ", ".join(rules)
    if len(rules) == 1 and what.startswith("undo each other"):
        what = "undoes its own fix (the text comes back to an earlier state)"
    elif len(rules) == 1:
        what = what.replace("still change", "still changes")
    advice = "fix the pack or --ignore " + ("it" if len(rules) == 1 else "one of them")
    return FixLoopError(doc.path, f"fixes do not settle: {who} {what} ({advice})", doc.segments[first].line)


def apply_to_document(doc: Document, edits: Iterable[Edit]) -> tuple[Document, list[Edit]]:
    """Apply edits (each naming its segment) to a document.

    Returns:
        ``(new_doc, applied)``; protected spans of changed segments are moved along.
    """
    return run_steps(apply_steps(doc, edits))


def apply_steps(doc: Document, edits: Iterable[Edit], step: int = APPLY_SEGMENTS) -> Steps[tuple[Document, list[Edit]]]:
    """:func:`apply_to_document` cut into steps of ``step`` changed segments (see
    :meth:`Engine.check_steps`); returns ``(new_doc, applied)``."""
    by_seg: dict[int, list[Edit]] = {}
    for e in edits:
        by_seg.setdefault(e.segment, []).append(e)
    segments = list(doc.segments)
    applied_all: list[Edit] = []
    for n, (idx, seg_edits) in enumerate(by_seg.items(), 1):
        seg = segments[idx]
        new_text, applied = apply_edits(seg.text, seg_edits)
        if applied:
            segments[idx] = seg.after_edits(new_text, applied)
            applied_all.extend(applied)
        if n % step == 0:
            yield f"applying the accepted edits ({n}/{len(by_seg)} segments)"
    if not applied_all:
        return doc, []
    return Document(doc.path, segments, list(doc.endings), doc.bom, doc.format, doc.meta), applied_all
