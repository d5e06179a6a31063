"""The *restore* family of edge rules: "a mark at the source's edge that the MT dropped is put
back by the post-editor", its evidence pooled over the marks and their spellings, the way
:mod:`repair.learn.mine` pools a phrase's case and inflections into one family.

The members are the restorable classes of :data:`repair.learn.edges.CLASSES`: quotation
marks and brackets are *paired* (restored on both ends, only where they wholly enclose the
source: its first and last marks, none between), symbols and emoji are *unpaired* (restored on
an end where they are the source's outermost marks); in every case the target holds no mark
of the class (:func:`repair.rules.kinds.edges.restorable`, the matcher's own test). A human
segment counts for a member:

- in its MT (``in_mt``) when the member would change the MT;
- as support when, on an end it would restore that is anchored (the word next to it the same
  in the MT and the post-edit), the post-edit's edge holds a mark of the class: wherever the
  post-editor put it on that edge and whatever else they did to it, so `` "`` and `` . "`` (the
  MT's final period dropped or kept) are one correction, and ``«`` restored as ``"`` is the
  same as ``“`` restored as ``"``;
- as a contradiction when, on an end it would restore, the post-edit's edge holds no mark of
  the class (the post-editor left it out), anchored or not;
- as a human line when the member would change the post-edit.

A family is a set of members (all of them, or one class alone); its counts are the unions of
its members' segment sets. :func:`restore_candidates` returns one candidate per family with
those counts; the filters and the choice are :mod:`repair.learn.edges`'s. How a restored mark
is written (``restore_as``) is what the post-editors wrote where it differs from the source's
mark (``«`` -> ``"``), else it is copied.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from repair.learn.pairs import Pair
from repair.rules.kinds.edges import outer_run, restorable

#: Classes restored as pairs enclosing the whole source, and those restored per end.
PAIRED = ("quote", "bracket")
UNPAIRED = ("symbol",)
#: The families tried: all the classes pooled, then each alone (a class can be learned where
#: another one's contradictions sink the pooled family).
FAMILIES: tuple[tuple[str, ...], ...] = ((*PAIRED, *UNPAIRED), *((k,) for k in (*PAIRED, *UNPAIRED)))
#: The ``side`` of a restore candidate (it writes either end).
RESTORE_SIDE = "restore"


@dataclass
class Tally:
    """One class's segment sets (human segment ids) and how its restored marks were written.

    Attributes:
        support, in_mt, contradicted, human: as the module's docstring counts them.
        samples: pair index of each supporting human segment (the first seen).
        written: (source mark, post-edit mark) -> times, over the supported ends.
    """

    support: set[int] = field(default_factory=set)
    in_mt: set[int] = field(default_factory=set)
    contradicted: set[int] = field(default_factory=set)
    human: set[int] = field(default_factory=set)
    samples: dict[int, int] = field(default_factory=dict)
    written: Counter[tuple[str, str]] = field(default_factory=Counter)

    def mapping(self, regex: str) -> dict[str, str]:
        """``restore_as`` for this class: ``{regex: mark}`` when the post-editors mostly wrote
        the restored marks otherwise than the source (the most common mark they wrote), else
        ``{}`` (copied)."""
        copied = sum(n for (a, b), n in self.written.items() if a == b)
        other: Counter[str] = Counter()
        for (a, b), n in self.written.items():
            if a != b:
                other[b] += n
        if not other or copied >= sum(other.values()):
            return {}
        return {regex: sorted(other.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]}


def _args(name: str, regexes: dict[str, re.Pattern[str]]) -> tuple[list[re.Pattern[str]], re.Pattern[str] | None]:
    return ([regexes[name]], None) if name in PAIRED else ([], regexes[name])


def tally(
    pairs: Sequence[Pair],
    pair_human: Sequence[int],
    ends: Sequence[tuple[tuple[str, str], tuple[bool, bool]] | None],
    regexes: dict[str, re.Pattern[str]],
) -> dict[str, Tally]:
    """Count every restorable class over the pairs.

    Args:
        pairs: the pairs (only those with a source are read).
        pair_human: each pair's human segment id.
        ends: per pair, the post-edit's ``(leading, trailing)`` edge and, per end, whether it is
            anchored (the same word next to it in the MT and the post-edit); ``None`` to skip.
        regexes: class name -> its compiled character set (:data:`repair.learn.edges.CLASSES`).

    Returns:
        class name -> its :class:`Tally`.
    """
    out = {k: Tally() for k in (*PAIRED, *UNPAIRED)}
    seen: set[int] = set()
    for n, e in enumerate(ends):
        p = pairs[n]
        if e is None or not p.source:
            continue
        pe_edges, anchored = e
        hid = pair_human[n]
        first = hid not in seen
        seen.add(hid)
        for name, t in out.items():
            rx = regexes[name]
            if not rx.search(p.source):
                continue
            in_pairs, marks = _args(name, regexes)
            if first and restorable(p.source, p.pe, in_pairs, marks):
                t.human.add(hid)
            found = restorable(p.source, p.mt, in_pairs, marks)
            if not found:
                continue
            t.in_mt.add(hid)
            supported = False
            for side, run, _, _ in found:
                if not rx.search(pe_edges[side]):
                    t.contradicted.add(hid)
                elif anchored[side]:
                    supported = True
                    got = outer_run(pe_edges[side], rx, side)
                    src = run.replace(" ", "")
                    dst = got[0].replace(" ", "") if got else ""
                    if len(src) == len(dst):
                        t.written.update(zip(src, dst))
            if supported:
                t.support.add(hid)
                t.samples.setdefault(hid, n)
    return out
