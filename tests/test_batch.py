"""Batches: inputs streamed one at a time, a big text file cut into chunks of whole articles
with the findings and output bytes of the whole file, and ``-j`` worker processes whose output
is that of one process."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from repair.document import article_parts, split_lines
from repair.errors import FixLoopError, InputError
from repair.inputs import InputFile
from repair.pipeline import chunks
from repair.pipeline.batch import run_units, units
from repair.pipeline.options import RunOptions
from repair.pipeline.work import Job, Unit

from conftest import DATA, run_repair

WMT = sorted((DATA / "wmt21-zh-en-dev").glob("hyp.*.en"))


def _item(path: Path) -> InputFile:
    return InputFile(str(path), Path(path.name))


def _corpus(tmp_path: Path) -> Path:
    """Every WMT21 and TED21 file of tests/data, one after another, as one .txt file."""
    path = tmp_path / "corpus.txt"
    path.write_bytes(b"".join(p.read_bytes() for p in [*WMT, *sorted((DATA / "ted21-zh-en").glob("*.en"))]))
    return path


def test_chunks_start_where_article_parts_start_a_part(tmp_path):
    text = (
        "Headline one\nA sentence.\nAnother sentence.\n\n\nSecond story\nIt begins.\nIt ends.\n"
        "Third story\nOnly one line.\r\nFourth\r\nLast line."
    )
    path = tmp_path / "a.txt"
    path.write_bytes(("\ufeff" + text).encode())
    plan = chunks.plan(str(path), path.stat().st_size, chunk_bytes=1)
    data = path.read_bytes()
    assert [(c.first_line, data[c.start : c.end].decode().split("\n")[0]) for c in plan] == [
        (0, "\ufeffHeadline one"),
        (3, ""),
        (8, "Third story"),
        (10, "Fourth\r"),
    ]
    assert b"".join(data[c.start : c.end] for c in plan) == data
    lines, _ = split_lines(text)
    parts = article_parts(lines)
    assert [parts[c.first_line - 1] != parts[c.first_line] for c in plan[1:]] == [True, True, True]
    doc = chunks.read_chunk(str(path), plan[1])
    assert [(s.line, s.id, s.text) for s in doc.segments] == [
        (4, "4", ""),
        (5, "5", ""),
        (6, "6", "Second story"),
        (7, "7", "It begins."),
        (8, "8", "It ends."),
    ]
    assert not doc.bom and chunks.read_chunk(str(path), plan[0]).bom


def test_small_files_markdown_and_stdin_are_never_cut(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Title\nText.\n\n\nOther\nText.\n")
    assert chunks.plan(str(path), path.stat().st_size, chunk_bytes=1) is None
    assert not chunks.can_cut("-")
    small = tmp_path / "a.txt"
    small.write_text("Title\nText.\n\n\nOther\nText.\n")
    assert chunks.plan(str(small), small.stat().st_size, chunk_bytes=100) is None  # under 2 x 100 bytes


@pytest.mark.parametrize("fix", [False, True])
def test_a_file_in_chunks_gives_the_findings_and_bytes_of_the_whole_file(tmp_path, fix):
    path = _corpus(tmp_path)
    opts = RunOptions()
    job = Job(opts, opts.settings([str(path)]), fix=fix, fmt="jsonl", unsafe=True)
    whole = list(run_units(job, units([_item(path)], False), 1))
    parts = list(run_units(job, units([_item(path)], True, chunk_bytes=1), 1))  # a chunk per article
    assert len(whole) == 1 and len(parts) > 300
    if fix:
        assert b"".join(o.output for o in parts) == whole[0].output != path.read_bytes()
        assert sum(o.applied for o in parts) == whole[0].applied > 100
    else:
        assert [line for o in parts for line in o.lines] == whole[0].lines
    assert sum(o.findings for o in parts) == whole[0].findings > 100  # left after fixing, or found


def test_errors_cross_the_process_pool_whole():
    for exc in (
        InputError("a.txt", "not UTF-8 (invalid byte 0xff at byte 3)"),
        FixLoopError("b.txt", "fixes do not settle", 7),
    ):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc) and back.line == exc.line


@pytest.mark.parametrize("fmt", ["text", "jsonl", "github", "json"])
def test_check_with_jobs_prints_what_one_process_prints(fmt):
    one = run_repair("check", "-j", "1", "--format", fmt, *map(str, WMT[:6]))
    three = run_repair("check", "-j", "3", "--format", fmt, *map(str, WMT[:6]))
    assert one.returncode == three.returncode == 1
    assert three.stdout == one.stdout and three.stderr == one.stderr == b""
    assert len(one.stdout.splitlines()) > 50


def test_fix_with_jobs_writes_what_one_process_writes(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in WMT[:5]:
        shutil.copy(p, src / (p.name + ".txt"))
    results = {}
    for j in ("1", "2"):
        out = tmp_path / f"out{j}"
        r = run_repair("fix", "-j", j, "--unsafe-fixes", "--out-dir", str(out), str(src))
        results[j] = (
            r.returncode,
            r.stderr.decode().replace(str(out), "OUT"),
            {p.name: p.read_bytes() for p in sorted(out.iterdir())},
        )
    assert results["1"] == results["2"]
    assert results["1"][0] == 1 and len(results["1"][2]) == 5 and results["1"][1].count("fixes applied") == 5


def test_a_bad_input_stops_the_run_at_its_turn(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Xi Jinping ’s important instructions.\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"caf\xe9\n")
    for j in ("1", "2"):
        r = run_repair("check", "-j", j, str(good), str(bad))
        assert r.returncode == 2
        assert r.stdout.decode().startswith(f"{good}:1:11: mt-en/characters/space-before-possessive ")
        assert (
            r.stderr.decode()
            == f"repair: error: {bad}: not UTF-8 (invalid byte 0xe9 at byte 3); convert it with iconv first\n"
        )
        out = tmp_path / f"out{j}"
        r = run_repair("fix", "-j", j, "--out-dir", str(out), str(good), str(bad))
        assert r.returncode == 2 and not out.exists()  # nothing written, no folder left


def test_eval_with_jobs_measures_what_one_process_measures(tmp_path):
    def head(path: Path) -> str:
        (tmp_path / path.name).write_text(
            "".join(path.read_text(encoding="utf-8").splitlines(True)[100:160]), encoding="utf-8"
        )
        return str(tmp_path / path.name)

    ref = head(DATA / "wmt21-zh-en-dev" / "ref.A.en")
    mt = [head(p) for p in WMT[:3]]
    out = {}
    for j in ("1", "2"):
        r = run_repair("eval", "-j", j, "-q", "--unsafe-fixes", "--ref", ref, "--json", "-", *mt)
        assert r.returncode == 0, r.stderr
        out[j] = r.stdout
    assert out["1"] == out["2"] and out["1"].count(b'"name"') >= 3


def test_the_progress_bar_counts_bytes_and_files_chunk_by_chunk(tmp_path):
    from repair.commands.progress import BatchProgress

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"x" * 1000)
    b.write_bytes(b"y" * 300)
    items = [_item(a), _item(b)]
    assert not BatchProgress(items, "checking").enabled  # stderr is no terminal here
    with BatchProgress(items, "checking", enabled=True) as bar:
        task = bar._bar.tasks[0]
        assert (task.total, task.fields["files"]) == (1300, "0/2 files")
        bar.done(Unit(0, items[0], chunks.Chunk(0, 600, 0)))
        assert (task.completed, task.fields["files"]) == (600, "0/2 files")
        bar.done(Unit(0, items[0], chunks.Chunk(600, 1000, 9)))
        bar.done(Unit(1, items[1]))
        assert (task.completed, task.fields["files"]) == (1300, "2/2 files")


def test_a_pool_has_no_more_workers_than_units(monkeypatch):
    # `-j 1000` over 5 files once forked 1000 processes (36 s for what -j 1 does in 2)
    import multiprocessing

    from repair.pipeline import batch

    sizes = []
    real = multiprocessing.get_context

    def counting_context(method=None):
        context = real(method)

        class Counted:
            def Pool(self, processes, **kwargs):  # noqa: N802 (multiprocessing's name)
                sizes.append(processes)
                return context.Pool(processes, **kwargs)

        return Counted()

    monkeypatch.setattr(multiprocessing, "get_context", counting_context)
    assert list(batch.ordered_map(abs, [-1, -2, -3], 1000)) == [1, 2, 3]
    assert list(batch.ordered_map(abs, range(-5, 0), 2)) == [5, 4, 3, 2, 1]
    assert sizes == [3, 2]


def test_lines_are_found_across_blocks_and_a_long_line_is_read_once(tmp_path, monkeypatch):
    # the old reader matched each line from every start position: a 20 KB line took 10 s of CPU,
    # a 9 MB one-line .txt never finished planning its chunks
    p = tmp_path / "t.txt"
    p.write_bytes(b"ab\r\ncd\ref\n\n" + b"x" * 9 + b"\r\ny\r")
    monkeypatch.setattr(chunks, "_BLOCK", 4)  # a CR at the end of a block, a CRLF across two
    assert list(chunks._lines(str(p))) == [(0, b"ab"), (4, b"cd"), (7, b"ef"), (10, b""), (11, b"x" * 9), (22, b"y")]
    monkeypatch.undo()
    long_line = b"word " * 400_000  # 2 MB, no line ending, across two blocks
    p.write_bytes(b"first\n" + long_line)
    assert list(chunks._lines(str(p))) == [(0, b"first"), (6, long_line)]
    assert chunks.plan(str(p), p.stat().st_size, chunk_bytes=1 << 20) is None  # one part: not cut
