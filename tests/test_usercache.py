"""The user cache of parsed packs (repair/usercache.py): used only for the
same source bytes, and never a cause of failure (unwritable folder, corrupt or foreign file)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from repair import usercache
from repair.rules import pack


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "repair"


def _compute(value, calls):
    def compute():
        calls.append(value)
        return value

    return compute


def test_a_value_is_served_for_the_same_key_only(cache):
    calls: list = []
    assert usercache.cached("x", b"source 1", _compute({"a": [1, 2.5, None, True]}, calls)) == {
        "a": [1, 2.5, None, True]
    }
    assert usercache.cached("x", b"source 1", _compute("other", calls)) == {"a": [1, 2.5, None, True]}
    assert usercache.cached("x", b"source 2", _compute("new", calls)) == "new"  # changed source: computed again
    assert usercache.cached("x", b"source 1", _compute("again", calls)) == "again"  # one file per name: replaced
    assert calls == [{"a": [1, 2.5, None, True]}, "new", "again"]
    assert sorted(p.name for p in cache.iterdir()) == ["x.marshal"]  # no temporary file left


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign"])
def test_a_corrupt_file_is_not_used_and_is_replaced(cache, damage):
    usercache.store("x", b"key", ("value", 1))
    path = cache / "x.marshal"
    data = path.read_bytes()
    if damage == "truncate":
        data = data[:-3]
    elif damage == "flip":
        data = data[:-1] + bytes([data[-1] ^ 1])
    elif damage == "empty":
        data = b""
    else:  # written by another version
        data = data.replace(b"repair-cache 1", b"repair-cache 0")
    path.write_bytes(data)
    assert usercache.load("x", b"key") == (False, None)
    calls: list = []
    assert usercache.cached("x", b"key", _compute(("value", 2), calls)) == ("value", 2) and calls == [("value", 2)]
    assert usercache.load("x", b"key") == (True, ("value", 2))


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    (tmp_path / "ro").mkdir()
    os.chmod(tmp_path / "ro", 0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ro"))
    assert usercache.cached("x", b"k", lambda: 5) == 5 and usercache.load("x", b"k") == (False, None)


def test_a_cache_path_that_is_a_file_or_unmarshallable_values_only_cost_time(tmp_path, monkeypatch):
    (tmp_path / "repair").write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cached("x", b"k", lambda: [1]) == [1] and usercache.load("x", b"k") == (False, None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ok"))
    marker = object()
    assert usercache.cached("y", b"k", lambda: marker) is marker and usercache.load("y", b"k") == (False, None)


def test_a_relative_or_empty_xdg_cache_home_means_the_home_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for value in ("", "relative/dir"):
        monkeypatch.setenv("XDG_CACHE_HOME", value)
        assert usercache.cache_dir() == tmp_path / ".cache" / "repair"


def test_shipped_packs_from_the_cache_are_what_parsing_gives(cache):
    parsed = {
        n: pack.parse_pack(
            (Path(pack.__file__).parent.parent / "packs" / f"{n}.yaml").read_text(encoding="utf-8"),
            f"repair/packs/{n}.yaml",
            validate=False,
        )
        for n in pack.BUILTIN_PACKS
    }
    cold = {n: pack.load_builtin(n) for n in pack.BUILTIN_PACKS}  # parses and writes the cache
    assert sorted(p.name for p in cache.iterdir()) == [
        "pack-bilingual.marshal",
        "pack-mt-en.marshal",
        "pack-zh-en.marshal",
    ]
    warm = {n: pack.load_builtin(n) for n in pack.BUILTIN_PACKS}  # reads it
    assert cold == parsed and warm == parsed


def test_a_second_one_line_check_parses_no_yaml_and_compiles_no_cjk_class(tmp_path):
    import subprocess

    from conftest import ROOT

    one = tmp_path / "one.txt"
    one.write_text("Xi Jinping ’s important instructions.\n", encoding="utf-8")
    code = (
        "import sys\nfrom repair.cli import main\n"
        f"sys.argv = ['repair', 'check', {str(one)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "from repair.rules.kinds import source\n"
        "print(code, 'yaml' in sys.modules, 'tomllib' in sys.modules, '_compiled' in vars(source.HAN))\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        for _ in range(2)
    ]
    assert [r.stdout.splitlines()[-1] for r in runs] == ["1 True False False", "1 False False False"], runs[1].stderr
