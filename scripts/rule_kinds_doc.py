"""Write docs/rule-kinds.md from the rule kinds' own declarations (repair/rules/kinds/).

Usage: ``python scripts/rule_kinds_doc.py`` (rewrites the file) or ``--check`` (exit 1 when the
committed file is not what the kinds declare; tests/test_kinds.py runs the same comparison).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from repair.rules.kindref import as_markdown  # noqa: E402
from repair.rules.kinds import KINDS  # noqa: E402

TARGET = ROOT / "docs" / "rule-kinds.md"


def main(argv: list[str]) -> int:
    text = as_markdown(KINDS)
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python scripts/rule_kinds_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(KINDS)} kinds)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
