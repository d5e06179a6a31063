"""English word lists used to tell common words from proper nouns.

Derived from SCOWL as packaged by Debian (``wamerican``, size 50; licence in
``repair/data/SCOWL-LICENSE.txt``): ``common-words`` holds the lower-case words that the
list never spells with a capital (``strengthen``, ``society``), ``proper-words`` the words
it spells capitalised (``Beijing``, ``April``, ``He`` for helium). How they were built:
``repair/data/README.md``.
"""

from __future__ import annotations

import pkgutil
from functools import cache, lru_cache


class WordList:
    """A sorted list of words, one a line, that answers ``word in words`` as
    ``word in frozenset(text.split())`` would, without building the set for a short run.

    The first :attr:`SWITCH` questions are answered by binary search in the text; the set
    is built at the question after them (a long run asks many). Once it is built, ``words.__contains__`` is the set's own method, so code that
    takes it once (``map(words.__contains__, ...)``) tests at the set's speed.

    Args:
        text: the words in code-point order, each followed by a newline (as the shipped
            lists are: ``tests/test_lexicon.py`` checks it).
    """

    SWITCH = 64

    def __init__(self, text: str) -> None:
        self._text = text
        self._asked = 0

    def __contains__(self, word: object) -> bool:
        if "_set" in self.__dict__:
            return word in self.__dict__["_set"]
        self._asked += 1
        if self._asked > self.SWITCH:
            return word in self.as_set()
        if not isinstance(word, str) or word.split() != [word]:
            return False  # no line of the text holds a blank
        text = self._text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi) // 2
            start = text.rfind("\n", 0, mid) + 1
            end = text.find("\n", mid)
            line = text[start:end]
            if line == word:
                return True
            if line < word:
                lo = end + 1
            else:
                hi = start
        return False

    def as_set(self) -> frozenset[str]:
        """The words as a set (built now if it was not yet)."""
        words = self.__dict__.get("_set")
        if words is None:
            words = self.__dict__["_set"] = frozenset(self._text.split())
            self.__dict__["__contains__"] = words.__contains__
        return words


def _load(name: str) -> WordList:
    data = pkgutil.get_data("repair.data", name)  # cheaper to import than importlib.resources
    if data is None:  # pragma: no cover - a loader that cannot read package data
        raise OSError(f"cannot read repair/data/{name}")
    return WordList(data.decode("utf-8"))


@cache
def common_words() -> WordList:
    """Lower-case English words never written with a capital in the word list."""
    return _load("common-words.txt")


@cache
def proper_words() -> WordList:
    """Capitalised entries of the word list (names, months, places), as written."""
    return _load("proper-words.txt")


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    """Whether ``word`` (any case) is in either list."""
    return word.lower() in common_words() or word.capitalize() in proper_words() or word in proper_words()


#: Closed-class English words (determiners, pronouns, prepositions, conjunctions, auxiliaries).
#: A word after "X and X" that is one of these ends the phrase; any other word may start a compound.
FUNCTION_WORDS = frozenset(
    """a an the this that these those some any each every no all both either neither such
    i me my we us our you your he him his she her it its they them their who whom whose which what
    of to in on at by for with from as into onto upon over under about above below between among
    through during before after since until than via per without within across against along around
    and or but nor so yet if then else because while although though whereas unless whether
    is am are was were be been being has have had do does did will would shall should can could may
    might must not also too very just only even still already again there here when where how why
    more most less least further""".split()
)

#: Lower-case words that join the parts of a multi-word name ("Chairman of the Central Military Commission").
NAME_CONNECTORS = frozenset("of the and for on in at to against with from de du la le von van da del des".split())
