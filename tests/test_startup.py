"""What a one-line `repair check` (a pre-commit hook's call) loads, and the shipped packs,
which are not checked against the JSON Schema at run time, checked here."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest
import yaml
from repair.rules import pack

from conftest import ROOT, run_repair


@pytest.mark.parametrize("name", pack.BUILTIN_PACKS)
def test_shipped_packs_pass_the_schema(name):
    text = resources.files("repair.packs").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    checked = pack.parse_pack(text, f"repair/packs/{name}.yaml")  # with the schema
    assert checked.rules == pack.load_builtin(name).rules and len(checked.rules) > 0


def test_packs_are_parsed_with_libyaml_keeping_line_numbers():
    if getattr(yaml, "__with_libyaml__", False):
        assert pack.SafeLoader is yaml.CSafeLoader
    text = (
        "pack: p\nrules:\n  - id: p/x\n    kind: pattern\n    category: fluency/grammar\n    severity: minor\n"
        "    applicability: safe\n    message: m\n    pattern: 'a'\n    replacment: b\n    examples: []\n"
    )
    with pytest.raises(pack.PackError) as exc:
        pack.parse_pack(text, "p.yaml")
    assert str(exc.value) == "p.yaml:10: rule 'p/x': unknown key 'replacment'"
    with pytest.raises(pack.PackError) as exc:
        pack.parse_pack("pack: p\nrules: [\n", "p.yaml")
    assert str(exc.value).startswith("p.yaml:3: YAML syntax: ")


def test_one_line_check_loads_no_rich_jsonschema_markdown_review_or_eval(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Xi Jinping ’s important instructions.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from repair.cli import main\n"
        f"sys.argv = ['repair', 'check', {str(one)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = ('rich', 'jsonschema', 'markdown_it', 'textual', 'lxml', 'repair.review', 'repair.eval', 'repair.learn', 'repair.server',\n"
        "         'repair.pipeline.ray_engine', 'logging', 'pickle', 'secrets', 'importlib.resources', 'difflib', 'csv')\n"
        "print(code, sorted({m.split('.')[0] if not m.startswith('repair') else '.'.join(m.split('.')[:2])\n"
        "                    for m in sys.modules if m.startswith(heavy)}))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout.splitlines()[-1] == "1 []", r.stdout + r.stderr
    assert (
        r.stdout.splitlines()[0]
        == f"{one}:1:11: mt-en/characters/space-before-possessive [fluency/punctuation, minor] "
        "a space before the possessive 's: ' ’s' -> \"'s\" (safe)"
    )


def test_one_line_check_loads_no_hashlib_json_signal_gzip_or_commit(tmp_path):
    """What only a writer (commit, its journal and signals), another output format (json),
    a kept digest (hashlib: OpenSSL), a pack of one's own (settle) or a Chinese dictionary
    (gzip) needs stays off the one-line path (docs/performance.md, start-up)."""
    one = tmp_path / "one.txt"
    one.write_text("Xi Jinping ’s important instructions.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from repair.cli import main\n"
        f"sys.argv = ['repair', 'check', {str(one)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "off = {'hashlib', '_hashlib', 'json', 'signal', 'gzip', 'struct',\n"
        "       'repair.commit', 'repair.interrupts', 'repair.rules.settle', 'repair.rules.examples'}\n"
        "print(code, sorted(off & set(sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout.splitlines()[-1] == "1 []", r.stdout + r.stderr


def test_lazy_commands_are_listed_and_run():
    r = run_repair("--help")
    listed = [line.split()[0] for line in r.stdout.decode().split("Commands:")[1].splitlines() if line.strip()]
    assert listed == ["check", "eval", "fix", "learn", "model", "review", "rules", "server"]
    for command in ("eval", "learn", "review", "server"):
        r = run_repair(command, "--help")
        assert r.returncode == 0 and r.stdout.decode().startswith(f"Usage: repair {command} ")


def test_formats_read_lazily_have_their_modules_suffixes():
    import importlib

    from repair import formats

    for name, module, attr in [
        ("xliff", "xliff", "SUFFIXES"),
        ("po", "po", "SUFFIXES"),
        ("tmx", "tmx", "SUFFIXES"),
        ("tsv", "table", "TSV_SUFFIXES"),
        ("csv", "table", "CSV_SUFFIXES"),
    ]:
        assert formats.FORMATS[name].suffixes == getattr(importlib.import_module(f"repair.formats.{module}"), attr)
