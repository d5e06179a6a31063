"""Data-driven cases (after black's tests/data/cases): input, '# output', expected output.

A first line ``# flags: --unsafe-fixes`` passes flags to ``repair fix``. Every case also
checks that fixing the expected output changes nothing (idempotence).
"""

from pathlib import Path

import pytest
from repair.engine import Engine, Settings
from repair.formats.text import parse_text

CASES = sorted((Path(__file__).parent / "cases").glob("*.txt"))
ENGINE = Engine.from_settings(Settings())


def load_case(path: Path) -> tuple[list[str], str, str]:
    text = path.read_text(encoding="utf-8")
    flags: list[str] = []
    if text.startswith("# flags:"):
        first, text = text.split("\n", 1)
        flags = first[len("# flags:") :].split()
    source, expected = text.split("# output\n")
    return flags, source, expected


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    flags, source, expected = load_case(path)
    unsafe = "--unsafe-fixes" in flags
    fixed, _ = ENGINE.fix(parse_text(source, path.name), unsafe=unsafe)
    assert fixed.render() == expected
    again, rounds = ENGINE.fix(parse_text(expected, path.name), unsafe=unsafe)
    assert rounds == [] and again.render() == expected
