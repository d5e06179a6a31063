"""The rule kinds as one file each: what every kind declares, the registry found from the
files, the reference written from the declarations, and a new kind added by one file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
import yaml
from click.testing import CliRunner
from repair.cli import main
from repair.engine import Engine
from repair.rules.examples import run_examples
from repair.rules.kindref import as_json, as_markdown, as_text, shape
from repair.rules.kinds import KINDS, discover
from repair.rules.kinds.base import KindDoc, Matcher
from repair.rules.pack import parse_pack
from repair.rules.schema import COMMON

from conftest import ROOT

KINDS_DIR = ROOT / "repair" / "rules" / "kinds"
#: modules of the kinds package that hold shared code, not a kind
HELPERS = {"__init__", "base", "source", "casing"}


def test_every_kind_file_is_registered_under_its_own_name():
    assert {p.stem for p in KINDS_DIR.glob("*.py")} - HELPERS == set(KINDS)
    assert set(KINDS) >= {
        "capitalization",
        "characters",
        "cjk",
        "coordination",
        "glossary",
        "length",
        "name",
        "numbers",
        "pattern",
        "repetition",
        "substitution",
        "untranslated",
    }
    for kind, cls in KINDS.items():
        assert cls.__module__ == f"repair.rules.kinds.{kind}" and cls.kind == kind
    assert list(KINDS) == sorted(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_kind_declares_its_keys_checks_and_documentation(kind):
    cls = KINDS[kind]
    assert isinstance(cls.doc, KindDoc)
    assert set(cls.doc.keys) == set(cls.keys), "document every key, and only the kind's keys"
    assert set(cls.required) <= set(cls.keys)
    assert not set(cls.keys) & set(COMMON), "a kind's keys may not shadow the common ones"
    assert all(text.strip() for text in (cls.doc.finds, cls.doc.fixes, *cls.doc.keys.values()))
    if kind in {"capitalization", "characters", "coordination", "name", "pattern", "repetition", "substitution"}:
        assert cls.needs_source is False
    if kind in {"cjk", "glossary", "length", "numbers", "untranslated"}:
        assert cls.needs_source is True


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_kinds_documented_example_is_a_valid_rule_whose_examples_hold(kind):
    example = KINDS[kind].doc.example
    assert yaml.safe_load(example)["kind"] == kind
    text = "pack: house\nrules:\n" + textwrap.indent(example, "    ").replace("    id:", "  - id:", 1)
    pack = parse_pack(text, "doc.yaml")  # the schema and the kind's checks
    n, failures = run_examples(Engine(pack.rules))
    assert failures == [] and n == len(yaml.safe_load(example)["examples"]) >= 2


def test_docs_rule_kinds_is_generated_from_the_kinds():
    committed = (ROOT / "docs" / "rule-kinds.md").read_text(encoding="utf-8")
    assert committed == as_markdown(KINDS), "run: python scripts/rule_kinds_doc.py"
    r = subprocess.run(
        [sys.executable, "scripts/rule_kinds_doc.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert (r.returncode, r.stderr) == (0, "")


def test_rules_kinds_prints_the_reference_as_text_and_json():
    runner = CliRunner()
    text = runner.invoke(main, ["rules", "--kinds"])
    assert text.exit_code == 0 and text.output == as_text(KINDS)
    assert "\nnumbers (needs the source)\n  finds: Numbers and dates of a Chinese source" in text.output
    assert "\n    mode (one of changed, missing, required): `changed`: a number" in text.output
    js = runner.invoke(main, ["rules", "--kinds", "--format", "json"])
    assert js.exit_code == 0 and js.output == as_json(KINDS) + "\n"
    data = json.loads(js.output)
    assert [r["kind"] for r in data] == sorted(KINDS)
    numbers = next(r for r in data if r["kind"] == "numbers")
    assert numbers["needs_source"] is True
    assert [(k["key"], k["required"], k["schema"]) for k in numbers["keys"]] == [
        ("mode", True, {"enum": ["changed", "missing"]}),
        ("words", False, {"type": "boolean"}),
    ]


def test_key_shapes_read_from_the_schema():
    assert shape(KINDS["substitution"].keys["entries"]) == "mapping of text to text or list of text"
    assert shape(KINDS["untranslated"].keys["cjk_share"]) == "number > 0 <= 1"
    assert shape(KINDS["name"].keys["min_given_length"]) == "integer >= 1"
    assert shape(KINDS["pattern"].keys["ignore_case"]) == "true/false"
    assert shape(KINDS["characters"].keys["script"]) == "one of han"


def test_two_modules_declaring_one_kind_are_refused(tmp_path, monkeypatch):
    pkg = tmp_path / "twokinds"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    body = "from repair.rules.kinds.base import Matcher\n\nclass {0}(Matcher):\n    kind = 'same'\n"
    (pkg / "one.py").write_text(body.format("One"))
    (pkg / "two.py").write_text(body.format("Two"))
    (pkg / "helper.py").write_text("from repair.rules.kinds.base import Matcher\nX = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError) as exc:
        discover([str(pkg)], "twokinds")
    assert str(exc.value) == "rule kind 'same' declared twice: twokinds.one and twokinds.two"
    (pkg / "two.py").unlink()
    found = discover([str(pkg)], "twokinds")
    assert list(found) == ["same"] and found["same"].__name__ == "One" and issubclass(found["same"], Matcher)


SHOUT = '''\
"""``shout``: a listed word written in capitals (a kind added by one file, for the test)."""

from __future__ import annotations

import re

from repair.rules.kinds.base import KindDoc, Matcher, Problem


class ShoutMatcher(Matcher):
    kind = "shout"
    keys = {"words": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}}
    required = ("words",)
    doc = KindDoc(
        finds="A listed word written in capitals.",
        keys={"words": "the words, in capitals"},
        fixes="The rule's own tier: the word is lower-cased.",
        example="id: house/shout/x\\n",
    )

    @classmethod
    def validate_rule(cls, raw):
        for i, word in enumerate(raw["words"]):
            if not word.isupper():
                yield Problem(f"word {word!r} is not in capitals", ("words", i))

    def find(self, view, state):
        for rule in self.rules:
            for word in rule.params["words"]:
                for m in re.finditer(r"\\b" + re.escape(word) + r"\\b", view.text):
                    yield self.edit(rule, view, m.start(), m.end(), word.lower())
'''

SHOUT_PACK = """\
pack: house
rules:
  - id: house/shout/urgent
    kind: shout
    category: style/register
    severity: minor
    applicability: safe
    message: a word in capitals
    words: [URGENT{extra}]
    examples:
      - bad: "An URGENT meeting."
        fixed: "An urgent meeting."
"""


def test_a_new_kind_is_one_file(tmp_path):
    """Drop one module into a copy of the package: the pack schema, the loader's checks, the
    engine, `repair rules --kinds` and docs/rule-kinds.md all take it up."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "repair", tree / "repair", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "scripts", tree / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (tree / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "rule-kinds.md", tree / "docs" / "rule-kinds.md")
    (tree / "repair" / "rules" / "kinds" / "shout.py").write_text(SHOUT, encoding="utf-8")
    (tree / "good.yaml").write_text(SHOUT_PACK.format(extra=""), encoding="utf-8")
    (tree / "bad.yaml").write_text(SHOUT_PACK.format(extra=", loud"), encoding="utf-8")
    (tree / "missing.yaml").write_text(
        SHOUT_PACK.format(extra="").replace("    words: [URGENT]\n", ""), encoding="utf-8"
    )
    (tree / "in.txt").write_text("An URGENT meeting.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tree), COLUMNS="200", NO_COLOR="1")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, timeout=120)

    where = run("-c", "import repair.rules.kinds as k; print(k.__file__, len(k.KINDS), k.KINDS['shout'].__module__)")
    assert where.stdout.split() == [
        str(tree / "repair/rules/kinds/__init__.py"),
        str(len(KINDS) + 1),
        "repair.rules.kinds.shout",
    ]
    check = run("-m", "repair", "check", "--no-builtin-packs", "--pack", "good.yaml", "in.txt")
    assert check.stdout.splitlines()[0] == (
        "in.txt:1:4: house/shout/urgent [style/register, minor] a word in capitals: 'URGENT' -> 'urgent' (safe)"
    )
    tested = run("-m", "repair", "rules", "--test", "--no-builtin-packs", "--pack", "good.yaml")
    assert (tested.returncode, tested.stdout.strip()) == (0, "1 passed, 0 failed")
    bad = run("-m", "repair", "rules", "--no-builtin-packs", "--pack", "bad.yaml")
    assert (bad.returncode, bad.stderr) == (
        2,
        "repair: error: bad.yaml:9: rule 'house/shout/urgent': word 'loud' is not in capitals\n",
    )
    missing = run("-m", "repair", "rules", "--no-builtin-packs", "--pack", "missing.yaml")
    assert (missing.returncode, missing.stderr) == (
        2,
        "repair: error: missing.yaml:3: rule 'house/shout/urgent': missing key 'words'\n",
    )
    kinds = run("-m", "repair", "rules", "--kinds")
    assert (
        "\nshout\n  finds: A listed word written in capitals.\n  keys:\n    words (list of text, required): the words, "
        "in capitals\n  fixes: The rule's own tier: the word is lower-cased.\n" in kinds.stdout
    )
    stale = run("scripts/rule_kinds_doc.py", "--check")
    assert stale.returncode == 1
    assert run("scripts/rule_kinds_doc.py").stdout == f"wrote docs/rule-kinds.md ({len(KINDS) + 1} kinds)\n"
    doc = (tree / "docs" / "rule-kinds.md").read_text(encoding="utf-8")
    assert "| [`shout`](#shout) | **`words`** | no |" in doc
    assert (
        "\n## shout\n\nA listed word written in capitals.\n\n| key | value | meaning |\n|---|---|---|\n"
        "| `words` (required) | list of text | the words, in capitals |\n" in doc
    )
