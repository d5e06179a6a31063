"""Compiled patterns and dataclass methods kept in the user cache (repair/compile_cache.py):
what a run gets from the cache is what compiling gives, and a bad cache file only costs a
compile."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
from repair import compile_cache

from conftest import ROOT

pytestmark = pytest.mark.skipif(not compile_cache._usable(), reason="a Python whose re internals are not known")

PATTERNS = [
    (r"(?P<word>\w+)\s+(?P=word)", 0),
    (r"[\u3400-\u4dbf\u4e00-\u9fff]+", 0),
    (r"(?i)\bthe\b (\w+)", re.MULTILINE),
    (rb"a(b)?c", 0),
    (r"^x$", re.IGNORECASE | re.VERBOSE),
]


def _fresh() -> None:
    re.purge()  # the re module's own cache would serve the patterns without compiling them


def test_patterns_from_the_cache_equal_the_compiled_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = [re._compiler.compile(p, f) for p, f in PATTERNS]
    for _ in range(2):  # the first run compiles and stores, the second serves from the file
        _fresh()
        with compile_cache.active():
            got = [re.compile(p, f) for p, f in PATTERNS]
        assert got == expected  # Pattern.__eq__ compares pattern, flags and opcodes
        assert [g.groupindex for g in got] == [e.groupindex for e in expected]
        assert got[0].sub(r"\g<word>", "the the cat") == "the cat"
        assert got[3].fullmatch(b"abc").group(1) == b"b"
    assert (tmp_path / "repair" / "compiled.marshal").is_file()
    assert re._compiler.compile is compile_cache._ORIGINAL  # put back after the block
    _, stored = compile_cache.usercache.load("compiled", compile_cache._key())
    assert {(p, int(f)) for p, f in PATTERNS} <= set(stored["patterns"])


def test_dataclass_methods_from_the_cache_behave_as_compiled(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []
    for _ in range(2):
        with compile_cache.active():

            @dataclasses.dataclass(frozen=True, order=True)
            class Span:
                start: int
                end: int = 0
                label: str = dataclasses.field(default="x", compare=False)

        made.append(Span)
        assert "exec" not in vars(dataclasses)  # the builtin again after the block
    first, second = made
    assert second(1, 2) == second(1, 2, "y") and second(1, 2) < second(1, 3)
    assert repr(second(3)).endswith(".<locals>.Span(start=3, end=0, label='x')")
    assert second.__init__.__code__.co_code == first.__init__.__code__.co_code
    with pytest.raises(dataclasses.FrozenInstanceError):
        second(1).start = 2
    _, stored = compile_cache.usercache.load("compiled", compile_cache._key())
    assert any(" def __init__(self,start:" in text for text in stored["code"])


def test_a_corrupt_cache_file_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _fresh()
    with compile_cache.active():
        re.compile(r"(a)(b)")
    stored = tmp_path / "repair" / "compiled.marshal"
    data = bytearray(stored.read_bytes())
    data[-5] ^= 0xFF  # the checksum no longer matches
    stored.write_bytes(bytes(data))
    _fresh()
    with compile_cache.active():
        assert re.compile(r"(a)(b)") == re._compiler.compile(r"(a)(b)", 0)
    assert compile_cache.usercache.load("compiled", compile_cache._key())[0]  # written again, whole


def test_the_table_keeps_only_the_last_run_past_its_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(compile_cache, "LIMIT", 3)
    _fresh()
    with compile_cache.active():
        for n in range(5):
            re.compile(f"x{n}")
    _fresh()
    with compile_cache.active():
        re.compile("x0")
        re.compile("y")
    _, stored = compile_cache.usercache.load("compiled", compile_cache._key())
    assert sorted(p for p, _ in stored["patterns"]) == ["x0", "y"]


def test_repair_check_output_is_the_same_with_a_cold_and_a_warm_cache(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Xi Jinping ’s important instructions on work safety.\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.run([sys.executable, "-m", "repair", "check", str(one)], capture_output=True, env=env, timeout=120)
        for _ in range(2)
    ]
    assert (tmp_path / "cache" / "repair" / "compiled.marshal").is_file()
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith(f"{one}:1:11: ".encode())


def _loads(monkeypatch) -> list[str]:
    """The names :func:`repair.usercache.load` is asked for from now on."""
    asked: list[str] = []
    real = compile_cache.usercache.load
    monkeypatch.setattr(compile_cache.usercache, "load", lambda name, key: (asked.append(name), real(name, key))[1])
    return asked


def test_a_kept_table_is_read_once_and_written_once_by_the_next_block(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    asked = _loads(monkeypatch)
    stored = tmp_path / "repair" / "compiled.marshal"
    _fresh()
    with compile_cache.active(keep=True):
        re.compile(r"kept(\d)")
    assert re._compiler.compile is compile_cache._ORIGINAL and "exec" not in vars(dataclasses)
    assert not stored.exists()  # what the block added waits for the next block
    with compile_cache.active():
        re.compile(r"next(\d)")
    assert asked == ["compiled"] and compile_cache._kept is None
    _, table = compile_cache.usercache.load("compiled", compile_cache._key())
    assert {("kept(\\d)", 0), ("next(\\d)", 0)} <= set(table["patterns"])


def test_a_kept_table_is_not_used_for_another_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a"))
    _fresh()
    with compile_cache.active(keep=True):
        re.compile(r"in-a(\d)")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "b"))
    asked = _loads(monkeypatch)
    _fresh()
    with compile_cache.active():
        re.compile(r"in-b(\d)")
    assert asked == ["compiled"] and compile_cache._kept is None
    _, table = compile_cache.usercache.load("compiled", compile_cache._key())
    assert sorted(p for p, _ in table["patterns"]) == ["in-b(\\d)"]
    assert not (tmp_path / "a" / "repair" / "compiled.marshal").exists()


def test_a_one_line_check_reads_the_table_once_and_a_warm_one_writes_nothing(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Xi Jinping ’s important instructions on work safety.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from repair import usercache\n"
        "asked, written, real = [], [], usercache.load\n"
        "usercache.load = lambda name, key: (asked.append(name), real(name, key))[1]\n"
        "usercache.store = lambda name, key, value: written.append(name)\n"
        "from repair.cli import main\n"
        f"sys.argv = ['repair', 'check', {str(one)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(asked.count('compiled'), written)\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "repair", "check", str(one)], capture_output=True, env=env, timeout=120)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.stdout.splitlines()[-1] == "1 []", r.stdout + r.stderr
