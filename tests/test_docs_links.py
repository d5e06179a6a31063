"""Every local link in README.md and docs/*.md points at a file that exists, and every
``#anchor`` at a heading of that file (GitHub's heading ids: lower case, punctuation other than
``-`` and ``_`` dropped, spaces as ``-``, a repeated heading numbered ``-1``, ``-2``...).

Links inside fenced code blocks and inline code are not links and are skipped; links to
``http(s):`` and ``mailto:`` addresses are not checked (no network in the tests).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_ID = re.compile(r"""<a\s+(?:name|id)=["']([^"']+)["']""")


def _prose_lines(text: str, keep_code: bool = False) -> list[str]:
    """The lines of a markdown text outside fenced code blocks (blank inside them), inline
    code blanked unless ``keep_code``."""
    lines, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
            lines.append("")
            continue
        lines.append("" if fenced else line if keep_code else _INLINE_CODE.sub("", line))
    return lines


def slug(heading: str) -> str:
    """GitHub's id for a heading's text (markdown links and emphasis reduced to their text)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The ids a link may name with ``#`` in a markdown file."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    text = path.read_text(encoding="utf-8")
    for line in _prose_lines(text, keep_code=True):
        found.update(_HTML_ID.findall(line))
        m = _HEADING.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """(line number, target) of every link in a markdown file, code excluded."""
    out = []
    for number, line in enumerate(_prose_lines(path.read_text(encoding="utf-8")), 1):
        out.extend((number, m.group(1)) for m in _LINK.finditer(line))
        m = _REF_DEF.match(line)
        if m:
            out.append((number, m.group(1)))
    return out


def broken(path: Path) -> list[str]:
    """``file:line: target (cause)`` for every local link of ``path`` that leads nowhere."""
    bad = []
    for number, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / unquote(file_part)).resolve() if file_part else path
        where = f"{path.relative_to(ROOT)}:{number}: {target}"
        if not dest.exists():
            bad.append(f"{where} (no such file)")
        elif anchor and dest.suffix == ".md" and unquote(anchor) not in anchors(dest):
            bad.append(f"{where} (no such heading)")
    return bad


def test_slug_follows_github():
    assert slug("Exit codes and errors") == "exit-codes-and-errors"
    assert slug("`repair fix --report`: the HTML page") == "repair-fix---report-the-html-page"
    assert slug("Figures that were in the code's docstrings") == "figures-that-were-in-the-codes-docstrings"
    assert slug("Speed (2-core VM, 2026-12-02)") == "speed-2-core-vm-2026-12-02"


def test_checker_finds_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Here\n\n## Here\n", encoding="utf-8")
    page.write_text(
        "# Top\n\n[a](other.md#here-1) [b](other.md#there) [c](gone.md)\n"
        "[d](#top) `[e](gone2.md)`\n\n```\n[f](gone3.md)\n```\n"
        "[g](https://example.org/x)\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert broken(page) == ["page.md:3: other.md#there (no such heading)", "page.md:3: gone.md (no such file)"]
    finally:
        ROOT = saved


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_local_links_resolve(page):
    assert broken(page) == []
