"""Rule packs as data: every example of every shipped rule, and clear errors for bad packs."""

import textwrap

import pytest
from repair.engine import Engine, Settings
from repair.errors import PackError
from repair.rules.examples import check_example, run_examples
from repair.rules.pack import BUILTIN_PACKS, load_builtin, load_pack, parse_pack

_ENGINE = Engine.from_settings(Settings())
_CASES = [(r, ex) for r in _ENGINE.rules for ex in r.examples]


@pytest.mark.parametrize("rule,example", _CASES, ids=[f"{r.id}:{ex.line}" for r, ex in _CASES])
def test_every_rule_example(rule, example):
    assert check_example(_ENGINE, rule, example) is None


def test_every_shipped_rule_has_bad_and_good_examples():
    for name in BUILTIN_PACKS:
        for rule in load_builtin(name).rules:
            assert any(e.bad for e in rule.examples), rule.id
            assert any(e.good for e in rule.examples), rule.id
            assert rule.id.startswith(name + "/")


def test_all_kinds_are_used_by_shipped_packs():
    kinds = {r.kind for r in _ENGINE.rules}
    assert kinds == {
        "substitution",
        "pattern",
        "repetition",
        "coordination",
        "name",
        "capitalization",
        "characters",
        "numbers",
        "untranslated",
        "cjk",
        "length",
        "structure",
        "polarity",
        "placeholders",
        "romanisation",
        "terms",
        "subject",
    }  # and "glossary", built from --glossary files


GOOD_RULE = """\
pack: mine
rules:
  - id: mine/x
    kind: substitution
    category: terminology/wrong-term
    severity: minor
    applicability: safe
    message: m
    entries: {foo bar: baz}
    examples:
      - bad: "a foo bar"
        fixed: "a baz"
      - good: "a baz"
"""


def err(text):
    with pytest.raises(PackError) as info:
        parse_pack(textwrap.dedent(text), "p.yaml")
    return str(info.value)


def test_bad_key_names_file_line_and_key():
    assert err(GOOD_RULE.replace("    entries:", "    replacment: x\n    entries:")) == (
        "p.yaml:9: rule 'mine/x': unknown key 'replacment'"
    )


def test_missing_key_unknown_kind_bad_values():
    assert err(GOOD_RULE.replace("    message: m\n", "")) == "p.yaml:3: rule 'mine/x': missing key 'message'"
    assert err(GOOD_RULE.replace("kind: substitution", "kind: magic")).startswith(
        "p.yaml:4: rule 'mine/x': unknown kind 'magic'"
    )
    assert err(GOOD_RULE.replace("severity: minor", "severity: huge")).startswith(
        "p.yaml:6: rule 'mine/x': bad value for 'severity'"
    )
    assert err(GOOD_RULE.replace("terminology/wrong-term", "grammar")).startswith(
        "p.yaml:5: rule 'mine/x': bad value for 'category'"
    )
    assert err(GOOD_RULE.replace("pack: mine", "pak: mine")) == "p.yaml:1: pack: unknown key 'pak'"


def test_yaml_syntax_error_has_line():
    assert err(GOOD_RULE.replace("entries: {foo bar: baz}", "entries: {foo bar: baz")).startswith("p.yaml:")
    assert "YAML syntax" in err("pack: x\nrules: [\n")


def test_bad_regex_duplicate_id_chained_entries_and_example_shape():
    bad_regex = GOOD_RULE.replace("kind: substitution", "kind: pattern").replace(
        "    entries: {foo bar: baz}", '    pattern: "(unclosed"\n    replacement: x'
    )
    assert "bad regex in 'pattern'" in err(bad_regex)
    pattern = GOOD_RULE.replace("kind: substitution", "kind: pattern").replace(
        "    entries: {foo bar: baz}", '    pattern: "(foo) bar"\n    replacement: "\\\\2"'
    )
    assert err(pattern) == "p.yaml:10: rule 'mine/x': bad replacement template: invalid group reference 2 at position 1"
    named = pattern.replace('"\\\\2"', '"\\\\g<nope>"')
    assert err(named) == "p.yaml:10: rule 'mine/x': bad replacement template: unknown group name 'nope'"
    dup = GOOD_RULE + GOOD_RULE.split("rules:\n")[1]
    assert "duplicate id" in err(dup)
    chained = GOOD_RULE.replace("{foo bar: baz}", "{foo bar: baz, baz: qux}")
    assert "corrects to 'baz', itself an entry" in err(chained)
    shape = GOOD_RULE.replace('      - good: "a baz"', '      - good: "a baz"\n        fixed: "x"')
    assert "an example needs" in err(shape)
    assert "exactly one of" in err(
        GOOD_RULE.replace("kind: substitution", "kind: characters").replace(
            "    entries: {foo bar: baz}", "    script: han\n    map: {a: b}"
        )
    )


def test_load_pack_file_errors(tmp_path):
    with pytest.raises(PackError, match="no such pack file"):
        load_pack(tmp_path / "missing.yaml")
    p = tmp_path / "latin1.yaml"
    p.write_bytes("pack: caf\xe9".encode("latin-1"))
    with pytest.raises(PackError, match="cannot read pack"):
        load_pack(p)


def test_example_runner_catches_a_wrong_example():
    pack = parse_pack(GOOD_RULE.replace('fixed: "a baz"', 'fixed: "a qux"'), "p.yaml")
    n, failures = run_examples(Engine.from_packs([pack]))
    assert n == 2 and len(failures) == 1
    assert "expected 'a qux', got 'a baz'" in str(failures[0])
    pack = parse_pack(GOOD_RULE.replace('good: "a baz"', 'good: "a foo bar"'), "p.yaml")
    assert "is flagged" in str(run_examples(Engine.from_packs([pack]))[1][0])
