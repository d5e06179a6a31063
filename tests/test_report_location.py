"""Where a finding is: line and column of an offset, found through one line index per segment."""

from __future__ import annotations

import random

from repair import formats, report
from repair.document import Document, Segment
from repair.edits import Edit

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="zh" target-language="en" datatype="plaintext" original="x">
  <body>
   <trans-unit id="1"><source>x</source><target>First the the line
second and and line
  third the the</target></trans-unit>
  </body>
 </file>
</xliff>
"""


def test_findings_in_a_multiline_target_are_located_line_by_line(engine):
    doc = formats.read("t.xlf", XLIFF.encode())
    findings = engine.check(doc)
    assert [report.location(doc, e) for e in findings] == [(5, 10), (6, 11), (7, 12)]
    assert list(report.text_lines(doc, findings)) == [
        "t.xlf:5:10: mt-en/repetition/function-word [fluency/grammar, minor] a function word written twice: ' the' -> '' (safe)",
        "t.xlf:6:11: mt-en/repetition/function-word [fluency/grammar, minor] a function word written twice: ' and' -> '' (safe)",
        "t.xlf:7:12: mt-en/repetition/function-word [fluency/grammar, minor] a function word written twice: ' the' -> '' (safe)",
    ]
    assert [(d["line"], d["column"], d["segment_id"]) for d in report.finding_dicts(doc, findings)] == [
        (5, 10, "1"),
        (6, 11, "1"),
        (7, 12, "1"),
    ]


def test_one_locator_agrees_with_counting_line_breaks_everywhere():
    rng = random.Random(7)
    text = "".join(rng.choice("ab \n") for _ in range(3000))
    doc = Document("x", [Segment("one", 0, 1), Segment(text, 1, 4)], ["\n", "\n"])
    locator = report.Locator(doc)
    offsets = sorted(rng.sample(range(len(text) + 1), 500)) + [0, len(text)]
    for k in offsets:
        before = text[:k]
        expected = (4 + before.count("\n"), k - (before.rfind("\n") + 1) + 1)
        assert locator(1, k) == expected
        assert report.location(doc, Edit(k, k, "", rule_id="r", segment=1)) == expected
    assert locator(0, 2) == (1, 3)


def test_units_of_a_large_xliff_get_the_lines_lxml_gives():
    from repair.formats.splice import LineIndex, line_of

    body = "".join(
        f'<trans-unit id="{i}"><source>s</source>\n<target>T {i}</target></trans-unit>\n' for i in range(300)
    )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file source-language="zh" target-language="en" datatype="plaintext" original="x"><body>\n{body}'
        "</body></file></xliff>\n"
    )
    doc = formats.read("t.xlf", data.encode())
    assert [s.line for s in doc.segments] == [4 + 2 * i for i in range(300)]
    index = LineIndex(data)
    assert [index(k) for k in range(0, len(data), 97)] == [line_of(data, k) for k in range(0, len(data), 97)]
