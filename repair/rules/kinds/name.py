"""``name``: a person introduced in full, later called by the given name alone.

Chinese names are written surname first ("Xi Jinping"); MT sometimes drops the surname
on a later mention ("Jinping's important instructions"), which English never does. The rule
lists the surnames it knows; after a full mention "<Surname> <Given>", a later lone
"<Given>" becomes "<Surname> <Given>". Left alone: the surname alone ("Xi's"), Western
names ("Smith's"), a given name that is also an English word or shorter than
``min_given_length`` ("Liu He" ... "He said"), a given name shared by two people, and a
word followed by another capitalised word (the singer "Jike Junyi" after the player
"Zhang Jike"), a word that the document uses alone more than twice as often as after the
surname (a name of its own: MT once wrote 富宁夏 as "Fu Ningxia" in an article that says
"Ningxia" throughout), a given name that elsewhere begins another two-part name ("Jike
Junyi") or follows another capitalised name part ("Cheng Guangming" beside "Chen
Guangming"), and a mention right after a name part: its surname in any case ("zhang
Xiaoliang"), a known surname, or a capitalised word that is no English word.

Names are read per document part (:attr:`repair.document.Segment.part`: an article of a
text file, an XLIFF ``<file>``, a document the user declared): a given name is completed only
with the surname its own part gives it, after that part's first full mention.

Only the possessive ("Jinping's"), where MT truncation is the usual cause, gets the rule's
own fix tier; any other lone mention is only flagged (display), since it may be another
person whose surname happens to equal the given name (WMT21 ref.A.en: "Zhang Jike" and the
singer Jike Junyi, 吉克隽逸, called "Jike" and never named in full; on held-out WMT21 news
the completions of lone mentions moved 18 segments away from the reference, 9 towards it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from typing import Any

from repair import compiled
from repair.document import Document, parts
from repair.edits import Applicability, Edit
from repair.lazy_regex import LazyPattern
from repair.lexicon import is_english_word
from repair.rules.blocks import Block
from repair.rules.kinds.base import KindDoc, Matcher, SegmentView, is_name_char, word_before
from repair.rules.schema import STR_LIST
from repair.steps import Steps, run_steps

#: Segments looked through per step of :meth:`NameMatcher.state_steps` (a few milliseconds; ``docs/performance.md``).
STATE_STEP = 1000

_NAME_AFTER = re.compile(r"[ \u00a0][A-Z][a-z]")


def _names_pattern(names: Iterable[str]) -> LazyPattern:
    """The pattern of the given names ``names`` (and a possessive 's), compiled on first use
    (the compiled scan needs none). No look-behind in front, so that the regex engine scans for
    the names' letters, which is much faster (docs/performance.md): the callers check the
    character before a hit."""
    alts = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return LazyPattern(rf"({alts})(['’]s)?(?![\w'’-])")


def _given_hits(text: str, names: dict[str, tuple], regex: LazyPattern) -> Iterable[tuple[int, int, int]]:
    r"""``(start, end of the given name, end)`` of each match of ``regex`` (the given names of a
    part, ``(names)(['’]s)?(?![\w'’-])``) in ``text``, left to right; ``end`` is after a
    possessive 's. The compiled scan (:data:`repair.compiled.scan`) gives the same for names of
    the full-name regex's shape, [A-Z][a-z]+(?:-[a-z]+)?, which all of ``names`` are."""
    if compiled.scan is not None:
        return compiled.scan.name_hits(text, names)
    return ((m.start(), m.end(1), m.end()) for m in regex.finditer(text))


class NameMatcher(Matcher):
    """Given names used without the surname after a full mention."""

    kind = "name"

    keys = {"surnames": STR_LIST, "min_given_length": {"type": "integer", "minimum": 1}}
    required = ("surnames",)
    doc = KindDoc(
        finds='A Chinese given name alone after the person was introduced in full, surname first ("Xi '
        'Jinping ... Jinping\'s instructions" -> "Xi Jinping\'s"), within one document part. Left '
        'alone: the surname alone ("Xi\'s"), Western names, a given name that is an English word or '
        "shorter than `min_given_length`, one shared by two people, and one that is part of another "
        "name.",
        keys={
            "surnames": "the surnames the rule knows, in pinyin",
            "min_given_length": 'given names shorter than this are left alone ("He" of Liu He)',
        },
        fixes="Only the possessive (\"Jinping's\"), where MT truncation is the usual cause, gets the rule's "
        "own tier; any other lone mention is display only, since it may be another person (held-out "
        "WMT21 news: completing lone mentions moved 18 segments away from the reference, 9 towards it).",
        example="""\
id: house/name/given-name-alone
kind: name
category: accuracy/mistranslation
severity: major
applicability: safe
message: "a Chinese given name without its surname"
min_given_length: 3
surnames: [Xi, Li, Liu]
examples:
  - bad: "Xi Jinping gave instructions. The meeting studied Jinping's important instructions."
    fixed: "Xi Jinping gave instructions. The meeting studied Xi Jinping's important instructions."
  - good: "Liu He attended. He spoke first."
""",
    )

    def __init__(self, rules):
        super().__init__(rules)
        self._surnames = {s: r for r in self.rules for s in r.params["surnames"]}
        self._surnames_lower = frozenset(s.lower() for s in self._surnames)
        # "<Surname> <Given>": the surnames first (the regex engine scans for their letters),
        # the given name in a look-ahead so that "Mr Xi Jinping" still yields "Xi Jinping"
        alts = "|".join(sorted(map(re.escape, self._surnames), key=len, reverse=True))
        #: part -> (its segments, its state) of the document last prepared, reused by a
        #: refresh for the parts whose segments are all the same
        self._part_cache: dict[int, tuple[tuple, Any]] = {}
        self._full = re.compile(rf"({alts})[ \u00a0](?=([A-Z][a-z]+(?:-[a-z]+)?)(?![\w-]))") if alts else None
        # the compiled scan (repair.compiled) reads a surname as a run of the letters A-Z and a-z
        self._letters_only = all(re.fullmatch("[A-Za-z]+", s) for s in self._surnames)

    def prepare(self, doc: Document) -> dict[int, tuple[dict, LazyPattern]]:
        """The names introduced in full, per document part (:attr:`Segment.part`):
        ``{part: ({given: (surname, rule, segment, end of first full mention)}, regex finding
        the given names)}``; parts without such names are left out."""
        return run_steps(self.state_steps(doc, None))

    def state_steps(self, doc: Document, previous: Any | None) -> Steps[dict[int, tuple[dict, LazyPattern]]]:
        """:meth:`prepare` in steps of :data:`STATE_STEP` segments; with ``previous`` (a
        refresh), the state of each part whose segments are those of the document prepared
        last is reused."""
        out: dict[int, tuple[dict, LazyPattern]] = {}
        done = 0
        cache = self._part_cache if previous is not None else {}
        self._part_cache = fresh = {}
        for group in parts(doc.segments):
            key = tuple(group)  # the part's segments (unchanged ones are the same objects)
            cached = cache.get(group[0].part)
            state = cached[1] if cached is not None and cached[0] == key else self._part_state(group)
            fresh[group[0].part] = (key, state)
            if state:
                out[group[0].part] = state
            done += len(group)
            if done // STATE_STEP != (done - len(group)) // STATE_STEP:
                yield f"names introduced in full ({done}/{len(doc.segments)} segments)"
        return out

    def _part_state(self, segments: list) -> tuple[dict, LazyPattern] | None:
        """The names introduced in full in one document part (see :meth:`prepare`)."""
        if self._full is None:
            return None
        found: dict[str, tuple] = {}
        full: Counter[str] = Counter()
        ambiguous: set[str] = set()
        for seg, surname, given, end in self._full_mentions(segments):
            rule = self._surnames.get(surname)
            if rule is None or given in self._surnames:
                continue
            if len(given) < rule.params.get("min_given_length", 3) or is_english_word(given):
                continue
            full[given] += 1
            prev = found.get(given)
            if prev and prev[0] != surname:
                ambiguous.add(given)
            elif not prev:
                found[given] = (surname, rule, seg.index, end + len(given))
        names = {g: v for g, v in found.items() if g not in ambiguous}
        if not names:
            return None
        regex = _names_pattern(names)
        # a word used alone more than twice as often as in the "full name" is a name of its own
        # (a place, "Ningxia", after MT wrote 富宁夏 as "Fu Ningxia"), not a truncated one; a
        # word that begins another two-part name ("Jike Junyi" beside "Zhang Jike") or follows
        # another capitalised word than its surname ("Cheng Guangming" beside "Chen Guangming")
        # belongs to someone else too
        joined = "\n".join(seg.text for seg in segments)
        total: Counter[str] = Counter()
        other: set[str] = set()
        for start, name_end, end in _given_hits(joined, names, regex):
            if start and is_name_char(joined[start - 1]):
                continue
            given = joined[start:name_end]
            total[given] += 1
            prev = word_before(joined, start)
            if prev and prev[2] and prev[1] == names[given][0]:
                continue  # the full name ("Xi Jinping Thought" too)
            if end == name_end and _NAME_AFTER.match(joined, end):
                other.add(given)
            if (
                prev
                and prev[2]
                and prev[1][:1].isupper()
                and (prev[1].lower() in self._surnames_lower or not is_english_word(prev[1]))
            ):
                other.add(given)
        kept = {g: v for g, v in names.items() if total[g] - full[g] <= 2 * full[g] and g not in other}
        if len(kept) < len(names):  # the pattern of the names kept: a scan finds no other name
            regex = _names_pattern(kept)
        return (kept, regex) if kept else None

    def _full_mentions(self, segments: list) -> Iterable[tuple[Any, str, str, int]]:
        """``(segment, surname, given, end)`` for each match of the full-name regex in the texts
        of ``segments`` (skipped ones left out) that no name character precedes; ``end``: where
        the match ends (after the blank; the given name is a look-ahead). The compiled scan
        (:data:`repair.compiled.scan`) gives the same when the surnames are plain letters."""
        assert self._full is not None
        live = [seg for seg in segments if not seg.skip]
        if compiled.scan is not None and self._letters_only:
            for k, surname, given, end in compiled.scan.full_names([seg.text for seg in live], self._surnames):
                yield live[k], surname, given, end
            return
        for seg in live:
            for m in self._full.finditer(seg.text):
                if m.start() and is_name_char(seg.text[m.start() - 1]):
                    continue
                yield seg, m.group(1), m.group(2), m.end()

    def context_key(self, state: Any) -> Any:
        """The names introduced in full, their part and the segment of their first mention
        (offsets move with every fix before them, which changes no finding elsewhere)."""
        return (
            None
            if not state
            else tuple(sorted((p, g, v[0], v[2]) for p, (names, _) in state.items() for g, v in names.items()))
        )

    def context_parts(self, new_key: Any, old_key: Any) -> set[int]:
        """The parts whose names introduced in full differ."""
        return {k[0] for k in set(new_key or ()) ^ set(old_key or ())}

    def context_recheck(
        self, doc: Document, key: Any, old_key: Any, moved: Callable[[int], int | None]
    ) -> Collection[int] | None:
        """The segments that hold a name whose entry in the key changed (introduced, dropped,
        another surname, another first mention): only there can a finding of this kind
        differ. The earlier key's first mentions are mapped with ``moved`` first, so a line
        added or removed elsewhere changes nothing."""
        old = {(p, g, surname, moved(i)) for p, g, surname, i in old_key or ()}
        names = {g for _, g, _, _ in old.symmetric_difference(key or ())}
        # in any part: a part renumbered by the change holds the same segments
        return [seg.index for seg in doc.segments if any(g in seg.text for g in names)] if names else ()

    def _name_part_before(self, view: SegmentView, start: int, surname: str) -> bool:
        """Whether the word at ``start`` follows a name part: its surname in any case ("zhang
        Xiaoliang"), a known surname, a capitalised word in mid-sentence ("Peng Liyuan"), or a
        capitalised word that is no English word even at a sentence start ("Cheng Guangming’s");
        a common word that only starts the sentence ("Then Keqiang's") is none."""
        prev = word_before(view.text, start)
        if not prev or view.text[prev[0] + len(prev[1]) : start] not in (" ", "\u00a0"):
            return False
        word = prev[1]
        if word.lower() == surname.lower() or word.lower() in self._surnames_lower:
            return True
        return word[:1].isupper() and (not view.seg.is_sentence_start(prev[0]) or not is_english_word(word))

    def may_find(self, block: Block, state: Any) -> set[int]:
        """The segments of parts with names introduced in full."""
        if not state:
            return set()
        out: set[int] = set()
        for part in {seg.part for seg in block.segments if seg.part in state}:
            hits = block.at_all(hit[0] for hit in _given_hits(block.text, *state[part]))
            out.update(i for i in hits if block.segments[i].part == part)
        return out

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        if not state or view.seg.part not in state:
            return  # no name introduced in full in this segment's part of the document
        names, regex = state[view.seg.part]
        text = view.text
        for start, name_end, end in _given_hits(text, names, regex):
            given = text[start:name_end]
            if start and is_name_char(text[start - 1]) or given not in names:
                continue  # inside a word, or a word the document mostly uses alone (see prepare)
            if _NAME_AFTER.match(text, end):
                continue  # followed by another capitalised word: "Jike Junyi" (吉克隽逸) is someone else
            surname, rule, seg_index, first_end = names[given]
            if (view.seg.index, start) < (seg_index, first_end) or self._name_part_before(view, start, surname):
                continue
            tier = rule.applicability if end > name_end else Applicability.DISPLAY
            yield self.edit(
                rule,
                view,
                start,
                start + len(given),
                f"{surname} {given}",
                applicability=tier,
                message=f"{rule.message}: '{surname} {given}' was named in full earlier",
            )
