"""Rule kinds: one matcher class per kind, looked up by the ``kind`` key of a rule."""

from repair.rules.kinds.base import Matcher, SegmentView
from repair.rules.kinds.capitalization import CapitalizationMatcher
from repair.rules.kinds.characters import CharactersMatcher
from repair.rules.kinds.coordination import CoordinationMatcher
from repair.rules.kinds.name import NameMatcher
from repair.rules.kinds.pattern import PatternMatcher
from repair.rules.kinds.repetition import RepetitionMatcher
from repair.rules.kinds.substitution import SubstitutionMatcher
from repair.rules.kinds.cjk import CjkMatcher
from repair.rules.kinds.glossary import GlossaryMatcher
from repair.rules.kinds.length import LengthMatcher
from repair.rules.kinds.numbers import NumbersMatcher
from repair.rules.kinds.untranslated import UntranslatedMatcher
from repair.rules.kinds.romanisation import RomanisationMatcher
from repair.rules.kinds.terms import TermsMatcher

#: kind name -> matcher class
KINDS: dict[str, type[Matcher]] = {
    cls.kind: cls
    for cls in (
        SubstitutionMatcher,
        PatternMatcher,
        RepetitionMatcher,
        CoordinationMatcher,
        NameMatcher,
        CapitalizationMatcher,
        CharactersMatcher,
        # source-aware kinds (skip segments without a source)
        NumbersMatcher,
        UntranslatedMatcher,
        CjkMatcher,
        LengthMatcher,
        GlossaryMatcher,
        RomanisationMatcher,
        TermsMatcher,
    )
}

__all__ = ["KINDS", "Matcher", "SegmentView"]
