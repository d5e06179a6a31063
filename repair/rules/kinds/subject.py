"""``subject``: an English sentence left without its subject where the Chinese source drops it.

Chinese leaves a subject out whenever context supplies it (a zero pronoun: 指的是同意……的人数比例,
"[it] refers to the share of people who agree ..."); English may not, and machine translation
often keeps the gap: "Refers to the proportion of people ...", "Reported that ...". One rule
names one ``check``:

- ``dropped``: a sentence of the target (its start, or after ``.``, ``!`` or ``?`` and a space,
  an opening quote or bracket allowed) opens with a finite verb and nothing before it:

  - a verb in the third person singular present (lemminflect's ``VBZ`` form: "Refers",
    "Includes") that is no noun as well ("Shows", "Means" and "Thanks" are left alone) and is
    followed by a word;
  - a verb in the past tense (``VBD``: "Reported", "Pointed") that is no noun, followed by
    "that" or by "out", "up" or "on" and "that" (a reported clause needs a speaker);

  while a sentence of the Chinese source opens with a word that can be a verb (rjieba's tags
  ``v``, ``vd``, ``vg``, ``vi``, ``vq``, or a CC-CEDICT definition "to ...": :func:`can_be_verb`). The
  target's first sentence must match the source's first sentence; a later one, any sentence
  of the source (sentences of a source split at 。！？；!?; and at the start).

Not reported: the verbs spoken English drops its subject with (situational ellipsis, Biber et
al., *Longman Grammar of Spoken and Written English*, 1999, section 3.7.4: "Sounds good",
"Looks like rain", "Turns out ...", "Depends on ...", "Goes to show", "Takes two", "Remains to
be seen", "Says who"), :data:`SPOKEN_ELLIPSIS`; past-tense verbs that open a participle clause
with "that" ("Granted that ...", "Told that he ..."), :data:`PARTICIPLE_THAT`.

The span is the verb. Display only: the subject is for a person to choose ("It refers",
"The index refers", "He reported").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, ClassVar

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher

CHECKS = ("dropped",)

#: Lemmas of the verbs spoken English opens a sentence with and no subject (situational
#: ellipsis: Biber et al. 1999, Longman Grammar of Spoken and Written English, 3.7.4).
SPOKEN_ELLIPSIS = frozenset(
    "thank seem sound look turn happen go depend take remain say stand serve beat figure hurt help".split()
)
#: Lemmas whose past participle opens a clause followed by "that" without a subject being
#: missing: "Granted that ...", "Provided that ...", "Told that he had won, he ...", "Worried that
#: prices would rise, the bank ..." (verbs of telling and of feeling).
PARTICIPLE_THAT = frozenset(
    "grant provide suppose assume tell inform convince remind warn assure persuade notify teach advise show "
    "give satisfy concern worry fear please surprise disappoint frighten delight relieve alarm shock".split()
)
#: rjieba (jieba) part-of-speech tags of a verb that can open a subjectless clause
SOURCE_VERB_TAGS = frozenset({"v", "vd", "vg", "vi", "vq"})

#: A sentence start of the target and its first word: the text's start, or ``.``/``!``/``?``
#: and whitespace; an opening quote or bracket may come first.
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])\s+)[\"“‘'(\[]?([A-Z][a-z]+)\b")
#: What follows a past-tense verb that needs a speaker: "that", or a particle and "that".
_THAT_AFTER = re.compile(r"\s+(?:(?:out|up|on)\s+)?that\b")
#: A word after a present-tense verb (it opens a clause, not a one-word reply).
_WORD_AFTER = re.compile(r"\s+[A-Za-z0-9\"“‘']")
_SOURCE_SENTENCE_END = re.compile(r"[。！？；!?;]")


@lru_cache(maxsize=4096)
def verb_form(word: str) -> str | None:
    """``"VBZ"`` or ``"VBD"`` when the lower-case ``word`` is only a verb in that form by
    lemminflect (not also a noun: "shows", "means"), and its lemma is not in
    :data:`SPOKEN_ELLIPSIS`; else ``None``."""
    from lemminflect import getAllInflections, getAllLemmas

    lemmas = getAllLemmas(word)
    if "VERB" not in lemmas or "NOUN" in lemmas or "AUX" in lemmas:
        return None
    for lemma in lemmas["VERB"]:
        if lemma in SPOKEN_ELLIPSIS or lemma == word:
            return None
        forms = getAllInflections(lemma, upos="VERB")
        if word in forms.get("VBZ", ()):
            return "VBZ"
        if word in forms.get("VBD", ()) and lemma not in PARTICIPLE_THAT:
            return "VBD"
    return None


def can_be_verb(word: str, pos: str) -> bool:
    """Whether the Chinese ``word`` (tagged ``pos`` by rjieba) can be a verb: its tag is one of
    :data:`SOURCE_VERB_TAGS`, or one of its CC-CEDICT definitions is a verb ("to refer to"; the
    tagger reads 指 in 指的是 as a noun)."""
    if pos in SOURCE_VERB_TAGS:
        return True
    from repair.zhsource import cedict

    return any(d.startswith("to ") for e in cedict().get(word, ()) for d in e.definitions)


@lru_cache(maxsize=4096)
def source_verb_openings(source: str) -> tuple[bool, ...]:
    """For each sentence of ``source`` (split at 。！？；!?;), whether its first word (rjieba,
    punctuation and spaces skipped) can be a verb (:func:`can_be_verb`)."""
    from repair.zhsource import tag

    out = []
    for sentence in _SOURCE_SENTENCE_END.split(source):
        first = next(((w, p) for w, p in tag(sentence) if HAN.search(w) or w.strip(" \u3000").isalnum()), None)
        if first is not None:
            out.append(can_be_verb(*first))
    return tuple(out)


def subjectless_verbs(text: str, source: str) -> Iterable[tuple[int, int]]:
    """Half-open character spans of ``text``'s verbs that open a sentence without a subject
    while the matching sentence of ``source`` opens with a verb (see the module doc)."""
    openings: tuple[bool, ...] | None = None
    for m in _SENTENCE_START.finditer(text):
        low = m.group(1).lower()
        after = text[m.end(1) :]
        # the cheap tests first: a VBZ form ends in "s" and has a word after it, a VBD one "that"
        if low.endswith("s") and _WORD_AFTER.match(after):
            want = "VBZ"
        elif _THAT_AFTER.match(after):
            want = "VBD"
        else:
            continue
        if verb_form(low) != want:
            continue
        if openings is None:
            openings = source_verb_openings(source)
        if (openings[:1] == (True,)) if m.start() == 0 else any(openings):
            yield m.start(1), m.end(1)


class SubjectMatcher(SourceMatcher):
    """Sentences without a subject where the source drops it (see module doc)."""

    kind = "subject"
    keys: ClassVar[Mapping[str, Any]] = {"check": {"enum": list(CHECKS)}}
    required: ClassVar[tuple[str, ...]] = ("check",)
    doc = KindDoc(
        finds="A target sentence that opens with a finite verb and no subject ('Refers to ...', 'Reported that "
        "...') where the Chinese source sentence opens with a verb, its subject left to context.",
        keys={"check": "dropped"},
        fixes="Display only: which subject the sentence needs is for a person to choose.",
        example="""\
id: bilingual/subject/dropped
kind: subject
check: dropped
category: fluency/grammar
severity: major
applicability: display
message: "the sentence has no subject"
examples:
  - bad: "Refers to the proportion of people who trust others."
    source: "指的是信任他人的人数比例。"
    flagged: "Refers"
  - good: "It refers to the proportion of people who trust others."
    source: "指的是信任他人的人数比例。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        if HAN.search(source) is None:
            return
        text = view.text
        for start, end in subjectless_verbs(text, source):
            for rule in self.rules:
                if not self.excepted(rule, text, start, end):
                    yield self.edit(
                        rule,
                        view,
                        start,
                        end,
                        text[start:end],
                        message=f"{rule.message}: {text[start:end]!r} opens the sentence; the source leaves the subject to context",
                    )
