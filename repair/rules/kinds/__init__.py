"""Rule kinds: one matcher class per kind, looked up by the ``kind`` key of a rule."""

from repair.rules.kinds.base import Matcher, SegmentView
from repair.rules.kinds.capitalization import CapitalizationMatcher
from repair.rules.kinds.characters import CharactersMatcher
from repair.rules.kinds.coordination import CoordinationMatcher
from repair.rules.kinds.name import NameMatcher
from repair.rules.kinds.pattern import PatternMatcher
from repair.rules.kinds.repetition import RepetitionMatcher
from repair.rules.kinds.substitution import SubstitutionMatcher

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
    )
}

__all__ = ["KINDS", "Matcher", "SegmentView"]
