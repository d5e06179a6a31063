"""Hostile or mistaken packs: refused at load with file:line (exit 2, one line), never a
traceback, a hang or a text that grows in every round; fixes that do not settle stop `fix`."""

import textwrap

import pytest
import yaml
from repair.engine import MAX_ROUNDS, Engine, Settings
from repair.errors import PackError, RepairError
from repair.formats.text import parse_text
from repair.rules import pack as pack_module
from repair.rules.pack import MAX_ALIAS_NODES, parse_pack

from conftest import run_repair

HEAD = """\
pack: mine
rules:
  - id: mine/x
    kind: {kind}
    category: fluency/spelling
    severity: minor
    applicability: safe
    message: m
"""


def rule(kind, body, examples='    examples:\n      - good: "nothing here"\n'):
    """A pack of one rule: the common keys (lines 1-8), ``body`` (its own keys, from line 9)."""
    return HEAD.format(kind=kind) + textwrap.indent(textwrap.dedent(body), "    ") + examples


def err(text):
    with pytest.raises(PackError) as info:
        parse_pack(text, "p.yaml")
    return str(info.value)


# ---- every regex validated at load, with its line ----


def test_bad_regex_in_exceptions_names_the_line_of_that_exception():
    pack = rule(
        "substitution",
        """\
        entries: {foo: bar}
        exceptions:
          - "foo bar"
          - "(unclosed"
        """,
    )
    assert err(pack) == (
        "p.yaml:12: rule 'mine/x': bad regex in 'exceptions': '(unclosed': "
        "missing ), unterminated subpattern at position 0"
    )


def test_exceptions_that_compile_alone_but_not_together():
    # each compiles; joined into one regex, (?i) is no longer at the start, and a group name repeats
    for exceptions in ('["(?i)foo", "bar"]', '["(?P<w>a)b", "(?P<w>c)d"]'):
        pack = rule("substitution", f"entries: {{foo: baz}}\nexceptions: {exceptions}\n")
        assert err(pack).startswith("p.yaml:10: rule 'mine/x': the exceptions do not work together in one regex ("), (
            exceptions
        )


def test_regex_failures_other_than_re_error():
    pack = rule("pattern", 'pattern: "a{99999999999}"\nreplacement: b\n')
    assert err(pack).startswith("p.yaml:9: rule 'mine/x': bad regex in 'pattern': ")


def test_multi_character_map_key_names_its_line():
    pack = rule(
        "characters",
        """\
        map:
          "，": ","
          "ab": "c"
        """,
    )
    assert err(pack) == (
        "p.yaml:11: rule 'mine/x': map key 'ab' is not one character (a map replaces single "
        "characters; use a substitution rule for longer text)"
    )


@pytest.mark.parametrize("pattern", ["x*", "\\\\b", "(?=a)", "a|", "(a)?", "x{0,3}"])
def test_patterns_that_can_match_the_empty_string_are_refused(pattern):
    pack = rule("pattern", f'pattern: "{pattern}"\nreplacement: "Y"\n')
    shown = pattern.replace("\\\\", "\\")
    assert err(pack) == (
        f"p.yaml:9: rule 'mine/x': pattern {shown!r} can match the empty string (a fix would "
        "insert text wherever it matches, again in every round): make it match at least one character"
    )


def test_exception_that_can_match_the_empty_string_is_refused():
    pack = rule("substitution", 'entries: {foo: bar}\nexceptions: ["foo", "b*"]\n')
    assert err(pack) == (
        "p.yaml:10: rule 'mine/x': exception 'b*' can match the empty string: make it match at least one character"
    )


def test_replacement_that_holds_its_own_phrase_is_refused():
    pack = rule("substitution", "entries:\n  work: ok\n  production: production production\n")
    assert err(pack) == (
        "p.yaml:11: rule 'mine/x': entry 'production' -> 'production production': the replacement "
        "holds the phrase again, so each fix would be fixed again"
    )
    # a change of case only settles; an exception covering the phrase in the replacement keeps it from matching
    assert parse_pack(rule("substitution", "entries: {well-off Society: well-off society}\n"), "p.yaml").rules
    assert parse_pack(
        rule("substitution", 'entries: {work: work safety}\nexceptions: ["work safety"]\n'), "p.yaml"
    ).rules
    # a case-sensitive entry matches only its own case
    assert parse_pack(rule("substitution", "entries: {Party: the party}\ncase_sensitive: true\n"), "p.yaml").rules


# ---- a fix must settle: a user's rule is checked again on its own output at load ----


def write(tmp_path, text):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fix_that_rematches_its_output_is_refused_at_load(tmp_path):
    path = write(
        tmp_path,
        rule(
            "pattern", 'pattern: "x"\nreplacement: "xx"\n', '    examples:\n      - bad: "a x"\n        fixed: "a xx"\n'
        ),
    )
    with pytest.raises(PackError) as info:
        Engine.from_settings(Settings(packs=[str(path)], builtin=[]))
    assert str(info.value) == (
        f"{path}:12: rule 'mine/x': its fix does not settle: applied to its own output "
        "'a xx' it changes 'x' to 'xx' again (every round of fixes would)"
    )


def test_cli_refuses_pack_whose_fix_does_not_settle(tmp_path):
    path = write(
        tmp_path,
        rule(
            "pattern",
            'pattern: "(production)"\nreplacement: "\\\\1 \\\\1"\n',
            '    examples:\n      - bad: "production"\n        fixed: "production production"\n',
        ),
    )
    (tmp_path / "in.txt").write_text("production\n", encoding="utf-8")
    proc = run_repair("fix", "--no-builtin-packs", "--pack", str(path), "-o", "out.txt", "in.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode() == (
        f"repair: error: {path}:12: rule 'mine/x': its fix does not settle: applied to "
        "its own output 'production production' it changes 'production' to "
        "'production production' again (every round of fixes would)\n"
    )
    assert not (tmp_path / "out.txt").exists()


# ---- fix: rules that undo each other, or never settle, stop the run (exit 2, nothing written) ----

TWO_RULES = """\
pack: mine
rules:
  - id: mine/us
    kind: substitution
    category: fluency/spelling
    severity: minor
    applicability: safe
    message: m
    entries: {colour: color}
    examples:
      - good: "x"
  - id: mine/uk
    kind: substitution
    category: fluency/spelling
    severity: minor
    applicability: safe
    message: m
    entries: {color: colour}
    examples:
      - good: "x"
"""


def test_rules_that_undo_each_other_are_named_after_two_rounds(tmp_path):
    engine = Engine.from_packs([parse_pack(TWO_RULES, "p.yaml")])
    doc = parse_text("fine\nThe colour red.\n", "in.txt")
    with pytest.raises(RepairError) as info:
        engine.fix(doc)
    assert str(info.value) == (
        "in.txt:2: fixes do not settle: rules mine/uk, mine/us undo each other's fixes "
        "(the text comes back to an earlier state) (fix the pack or --ignore one of them)"
    )


def test_cli_fix_with_rules_in_a_cycle_exits_2_and_writes_nothing(tmp_path):
    path = write(tmp_path, TWO_RULES)
    (tmp_path / "in.txt").write_text("The colour red.\n", encoding="utf-8")
    for args in (["-o", "out.txt", "in.txt"], ["--in-place", "in.txt"], ["-"]):
        proc = run_repair(
            "fix", "--no-builtin-packs", "--pack", str(path), *args, cwd=tmp_path, stdin=b"The colour red.\n"
        )
        assert proc.returncode == 2, args
        assert proc.stdout == b""
        assert proc.stderr.decode().startswith("repair: error: ") and proc.stderr.count(b"\n") == 1
        assert b"mine/uk, mine/us undo each other's fixes" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "mine.yaml"]
    assert (tmp_path / "in.txt").read_text() == "The colour red.\n"


def test_fix_that_keeps_growing_is_stopped_at_the_round_limit():
    pack = parse_pack(rule("pattern", 'pattern: "x"\nreplacement: "xx"\n'), "p.yaml")  # only a good example
    doc = parse_text("a x b\n", "in.txt")
    with pytest.raises(RepairError) as info:
        Engine.from_packs([pack]).fix(doc)
    assert str(info.value) == (
        f"in.txt:1: fixes do not settle: rule mine/x still changes the text after {MAX_ROUNDS} "
        "rounds of fixes (fix the pack or --ignore it)"
    )


def test_shipped_name_and_repetition_rules_no_longer_undo_each_other():
    # "zhang Xiaoliang" was completed to "zhang Zhang Xiaoliang", and repetition deleted the
    # second "Zhang" again, for all 8 rounds, without a word
    engine = Engine.from_settings(Settings())
    text = "Zhang Xiaoliang said so. Then zhang Xiaoliang left.\n"
    fixed, rounds = engine.fix(parse_text(text, "z.txt"), unsafe=True)
    assert fixed.render() == text and rounds == []


# ---- YAML: aliases, nesting and keys checked on the node tree, before anything is built ----

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=LOADERS, ids=lambda c: c.__name__)
def loader(request, monkeypatch):
    """The checks hold with the pure-Python loader and with libyaml's (whichever the pack
    loader uses, both names give the one under test)."""
    monkeypatch.setattr(yaml, "SafeLoader", request.param)
    monkeypatch.setattr(yaml, "CSafeLoader", request.param, raising=False)
    monkeypatch.setattr(pack_module, "_safe_loader", lambda: request.param)  # the loader pack.py chooses at first use
    return request.param


def test_alias_bomb_is_refused_fast_with_its_line(loader):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]" for p, c in zip("abcdefgh", "bcdefghi")
    ]
    text = "\n".join(levels) + "\npack: mine\nrules: [*i]\n"
    assert err(text) == (
        f"p.yaml:3: YAML aliases expand to more than {MAX_ALIAS_NODES:,} values (an alias bomb?): write the values out"
    )


def test_small_alias_use_is_fine(loader):
    text = rule("substitution", "entries: {foo: bar}\nexceptions: &ex [foo bar]\n").replace(
        "      - good:", "      - good:"
    ) + rule("substitution", "entries: {baz: qux}\nexceptions: *ex\n").split("rules:\n", 1)[1].replace(
        "mine/x", "mine/y"
    )
    pack = parse_pack(text, "p.yaml")
    assert [r.exceptions for r in pack.rules] == [("foo bar",), ("foo bar",)]


def test_recursive_alias_and_deep_nesting_are_refused(loader):
    assert err("pack: mine\nrules: &a [*a]\n") == "p.yaml:2: YAML nested deeper than 32 levels"
    assert err("pack: mine\nrules: " + "[" * 40 + "]" * 40 + "\n") == "p.yaml:2: YAML nested deeper than 32 levels"
    # deeper than the pure-Python composer recurses (its RecursionError), or than libyaml's own limit (1000)
    assert err("pack: mine\nrules: " + "[" * 1200 + "]" * 1200 + "\n") == (
        "p.yaml: YAML nested deeper than 32 levels"
        if loader is LOADERS[0]
        else "p.yaml:2: YAML syntax: exceeded maximum nesting depth"
    )


def test_keys_yaml_reads_as_other_than_text_and_repeated_keys(loader):
    assert err(rule("substitution", "entries:\n  yes: no\n")) == (
        "p.yaml:10: key 'yes' is read by YAML as bool, not text: put it in quotes"
    )
    assert err(rule("substitution", "entries:\n  1: one\n")) == (
        "p.yaml:10: key '1' is read by YAML as int, not text: put it in quotes"
    )
    assert err(rule("substitution", "entries:\n  foo: bar\n  foo: baz\n")) == (
        "p.yaml:11: key 'foo' given twice (first on line 10)"
    )
    assert (
        err("pack: mine\n? [a]\n: b\nrules: []\n")
        == "p.yaml:2: a mapping key must be plain text, not a list or a mapping"
    )


def test_empty_glossary_term():
    assert (
        err(rule("glossary", 'terms:\n  生产: production\n  " ": x\n'))
        == "p.yaml:11: rule 'mine/x': an empty term in 'terms'"
    )


def test_kind_of_the_wrong_type(loader):
    assert err(rule("[]", "entries: {foo: bar}\n")).startswith("p.yaml:4: rule 'mine/x': unknown kind [] (one of: ")


# ---- values that blew up later, in the matchers ----


def test_coordination_with_an_empty_replacement_and_a_capital():
    pack = parse_pack(rule("coordination", 'word: production\nreplacement: ""\n'), "p.yaml")
    edits = Engine.from_packs([pack]).check(parse_text("Production and production.\n", "t.txt"))
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 25, "")]


def test_requires_with_a_curly_apostrophe_matches_either():
    pack = parse_pack(rule("pattern", 'pattern: "Xi[\'’]s  "\nreplacement: "Xi\'s "\nrequires: ["xi’s"]\n'), "p.yaml")
    edits = Engine.from_packs([pack]).check(parse_text("Xi's  words\n", "t.txt"))
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 6, "Xi's ")]


def test_error_messages_are_one_line():
    assert str(RepairError("a.xlf", "malformed XML: Char 0x0 out of allowed range\n, line 3, column 28", 3)) == (
        "a.xlf:3: malformed XML: Char 0x0 out of allowed range, line 3, column 28"
    )


def test_cli_bad_exception_regex_is_one_line_exit_2(tmp_path):
    path = write(tmp_path, rule("substitution", 'entries: {foo: bar}\nexceptions: ["(x"]\n'))
    (tmp_path / "in.txt").write_text("foo\n", encoding="utf-8")
    proc = run_repair("check", "--pack", str(path), "in.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        f"repair: error: {path}:10: rule 'mine/x': bad regex in 'exceptions': '(x': "
        "missing ), unterminated subpattern at position 0\n"
    )
