"""English word lists used to tell common words from proper nouns.

Derived from SCOWL as packaged by Debian (``wamerican``, size 50; licence in
``repair/data/SCOWL-LICENSE.txt``): ``common-words`` holds the lower-case words that the
list never spells with a capital (``strengthen``, ``society``), ``proper-words`` the words
it spells capitalised (``Beijing``, ``April``, ``He`` for helium). How they were built:
``repair/data/README.md``.
"""

from __future__ import annotations

import gzip
import pkgutil
from functools import cache, lru_cache


def _load(name: str) -> frozenset[str]:
    data = pkgutil.get_data("repair.data", name)  # cheaper to import than importlib.resources
    if data is None:  # pragma: no cover - a loader that cannot read package data
        raise OSError(f"cannot read repair/data/{name}")
    return frozenset(gzip.decompress(data).decode("utf-8").split())


@cache
def common_words() -> frozenset[str]:
    """Lower-case English words never written with a capital in the word list."""
    return _load("common-words.txt.gz")


@cache
def proper_words() -> frozenset[str]:
    """Capitalised entries of the word list (names, months, places), as written."""
    return _load("proper-words.txt.gz")


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
