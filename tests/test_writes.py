"""Every write of a run is checked first, staged, then committed as a whole: signals, SIGKILL
(the journal), collisions between outputs, symbolic links and backups of ``fix --in-place``.

The signal tests stop the run at a known point with the test hook of :mod:`repair.commit`
(``REPAIR_TEST_HOOK``), so that no test depends on timing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import repair_bin, run_repair

BAD = "At present, the country is resuming production and production.\n"
FIXED = "At present, the country is resuming work and production.\n"
OLD = "an earlier run's output\n"
N = 12
JOURNAL = ".repair-journal.json"  # repair.JOURNAL


def tree(tmp_path: Path) -> tuple[Path, Path]:
    """``src`` with N files to fix, ``out`` holding an old copy of each."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    for i in range(N):
        (src / f"f{i:02}.txt").write_text(BAD)
        (out / f"f{i:02}.txt").write_text(OLD)
    return src, out


def listing(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) and its text."""
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def start(*args: str, hook: str) -> subprocess.Popen:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", REPAIR_TEST_HOOK=hook)
    return subprocess.Popen([repair_bin(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def wait_ready(proc: subprocess.Popen, hooks: Path) -> None:
    """Wait until the run reached its hook (it created ``hooks/ready``); fail if it ended first."""
    deadline = time.monotonic() + 240
    while not (hooks / "ready").exists():
        assert proc.poll() is None, f"the run ended before its hook: {proc.returncode} {proc.stderr.read()!r}"
        assert time.monotonic() < deadline, "the run never reached its hook"
        time.sleep(0.02)


@pytest.mark.parametrize(
    "signum, status, said",
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "stopped by SIGTERM"),
        (signal.SIGHUP, 129, "stopped by SIGHUP"),
    ],
)
def test_a_signal_while_staging_leaves_every_output_old_and_no_temp_file(tmp_path, signum, status, said):
    src, out = tree(tmp_path)
    before = listing(out)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    proc = start("fix", "-q", "--out-dir", str(out), str(src), hook=f"staged:5:wait:{hooks}")
    wait_ready(proc, hooks)
    assert len(list(out.glob(".*.tmp"))) == 5 and (out / JOURNAL).exists()  # staged, not yet committed
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == status
    assert stderr.decode() == f"repair: {said}; nothing was written (every output is as it was)\n"
    assert listing(out) == before  # no temp file, no journal, every output old


def test_a_signal_while_renaming_is_acted_on_after_the_last_rename(tmp_path):
    src, out = tree(tmp_path)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    proc = start("fix", "-q", "--out-dir", str(out), str(src), hook=f"renamed:3:wait:{hooks}")
    wait_ready(proc, hooks)
    proc.send_signal(signal.SIGTERM)
    (hooks / "go").touch()
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 143
    assert stderr.decode() == f"repair: stopped by SIGTERM; it came after every output was written ({N} files)\n"
    assert listing(out) == {f"f{i:02}.txt": FIXED for i in range(N)}


def test_sigkill_while_renaming_is_finished_by_the_next_run(tmp_path):
    src, out = tree(tmp_path)
    proc = start("fix", "-q", "--out-dir", str(out), str(src), hook="renamed:4:kill")
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    files = listing(out)
    assert sorted(v for k, v in files.items() if not k.startswith(".")) == [FIXED] * 4 + [OLD] * (N - 4)  # mixed
    journal = json.loads(files[JOURNAL])
    assert journal["state"] == "renaming" and len(journal["files"]) == N
    assert len([k for k in files if k.endswith(".tmp")]) == N - 4

    from repair.commit import recover

    notes = recover([out])  # what the next run does first
    assert notes == [
        f"{out / JOURNAL}: an earlier run was stopped while it renamed its outputs into place; "
        f"the last {N - 4} of {N} were renamed now, so all of them are new"
    ]
    assert listing(out) == {f"f{i:02}.txt": FIXED for i in range(N)}


def test_sigkill_while_staging_is_rolled_back_by_the_next_run(tmp_path):
    src, out = tree(tmp_path)
    before = listing(out)
    proc = start("fix", "-q", "--out-dir", str(out / "new" / "deeper"), str(src), hook="staged:3:kill")
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert len(list((out / "new" / "deeper").glob(".*.tmp"))) == 3
    r = run_repair("fix", "-q", "--out-dir", str(out / "new" / "deeper"), str(src))
    assert r.returncode == 0, r.stderr
    assert r.stderr.decode() == (
        f"repair: {out / 'new' / 'deeper' / JOURNAL}: an earlier run was stopped before it "
        "wrote any output; its 3 temp files were removed, so all of its outputs are as they were\n"
    )
    assert listing(out) == {**before, **{f"new/deeper/f{i:02}.txt": FIXED for i in range(N)}}


def test_the_journal_of_a_live_run_is_not_touched(tmp_path):
    src, out = tree(tmp_path)
    (out / JOURNAL).write_text(
        json.dumps({"repair": "journal 1", "pid": os.getpid(), "state": "renaming", "folders": [], "files": []})
    )
    r = run_repair("fix", "-q", "--out-dir", str(out), str(src))
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"repair: error: {out / JOURNAL}: another repair run (process {os.getpid()}) is "
        "writing here; wait for it to end (or, if there is no such run, remove this file)\n"
    )
    assert (out / "f00.txt").read_text() == OLD


def test_a_journal_moves_or_removes_only_repairs_own_temp_files(tmp_path):
    src, out = tree(tmp_path)
    (tmp_path / "precious.txt").write_text("keep me\n")
    (out / JOURNAL).write_text(
        json.dumps(
            {
                "repair": "journal 1",
                "pid": 0,
                "state": "staging",
                "folders": [],
                "files": [{"staged": str(tmp_path / "precious.txt"), "target": str(out / "f00.txt")}],
            }
        )
    )
    r = run_repair("fix", "-q", "--out-dir", str(out), str(src))
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"repair: error: {out / JOURNAL}: not a journal that repair wrote "
        f"(it names {tmp_path / 'precious.txt'}); remove it\n"
    )
    assert (tmp_path / "precious.txt").read_text() == "keep me\n" and (out / "f00.txt").read_text() == OLD


def test_outputs_that_collide_are_refused_before_anything_is_written(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(BAD)
    r = run_repair("fix", "--report", "r.txt", "-o", "r.txt", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert (
        r.stderr.decode()
        == "repair: error: r.txt: the corrected copy of a.txt and the report would both be written here\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]

    (tmp_path / "real.txt").write_text("mine\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    r = run_repair("fix", "--report", "real.txt", "-o", "link.txt", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert (
        r.stderr.decode()
        == "repair: error: real.txt: the corrected copy of a.txt and the report would both be written here\n"
    )
    assert (tmp_path / "real.txt").read_text() == "mine\n"

    (tmp_path / "somedir").mkdir()
    r = run_repair("fix", "--in-place", "--report", "somedir", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.decode() == "repair: error: somedir: is a folder\n"
    assert a.read_text() == BAD and not (tmp_path / "a.txt.bak").exists()

    r = run_repair("fix", "--in-place", "--report", "a.txt.bak", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert (
        r.stderr.decode() == "repair: error: a.txt.bak: the backup of a.txt and the report would both be written here\n"
    )
    assert a.read_text() == BAD and not (tmp_path / "a.txt.bak").exists()


def test_eval_checks_its_outputs_before_the_run(tmp_path):
    (tmp_path / "mt.txt").write_text(BAD)
    (tmp_path / "ref.txt").write_text(FIXED)
    (tmp_path / "ro").write_text("a file where a folder should be\n")
    args = ["eval", "-q", "--mt", "mt.txt", "--ref", "ref.txt", "--json", "e.json"]
    r = run_repair(*args, "--report", "ro/r.html", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode() == f"repair: error: ro/r.html: cannot write: {tmp_path / 'ro'} is a file, not a folder\n"
    r = run_repair(*args, "--report", "e.json", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode() == "repair: error: e.json: the JSON and the report would both be written here\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.txt", "ref.txt", "ro"]


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="no sysfs (Linux only)")
def test_eval_refuses_a_folder_that_takes_no_file_before_the_run(tmp_path):
    (tmp_path / "mt.txt").write_text(BAD)
    (tmp_path / "ref.txt").write_text(FIXED)
    r = run_repair(
        "eval",
        "-q",
        "--mt",
        "mt.txt",
        "--ref",
        "ref.txt",
        "--json",
        "e.json",
        "--report",
        "/sys/kernel/r.html",
        cwd=tmp_path,
    )  # sysfs takes no new file, not even from root
    assert r.returncode == 2
    assert r.stderr.decode() == "repair: error: /sys/kernel/r.html: cannot write in /sys/kernel: Permission denied\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.txt", "ref.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_eval_refuses_a_folder_it_cannot_write_in_before_the_run(tmp_path):
    (tmp_path / "mt.txt").write_text(BAD)
    (tmp_path / "ref.txt").write_text(FIXED)
    (tmp_path / "ro").mkdir(mode=0o555)
    r = run_repair(
        "eval", "-q", "--mt", "mt.txt", "--ref", "ref.txt", "--json", "e.json", "--report", "ro/r.html", cwd=tmp_path
    )
    assert r.returncode == 2 and r.stderr.decode().startswith(
        f"repair: error: ro/r.html: cannot write in {tmp_path / 'ro'}: "
    )
    assert not (tmp_path / "e.json").exists()


def test_in_place_writes_through_a_symbolic_link(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(BAD)
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "real" / "a.txt")
    r = run_repair("fix", "--in-place", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(tmp_path / "real" / "a.txt")
    assert (tmp_path / "real" / "a.txt").read_text() == FIXED
    bak = tmp_path / "link.txt.bak"
    assert not bak.is_symlink() and bak.read_text() == BAD
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["a.txt"]


def test_a_second_in_place_run_keeps_the_first_backup(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(BAD)
    assert run_repair("fix", "--in-place", str(a)).returncode == 0
    second = BAD.replace("At present", "Today")
    a.write_text(second)  # edited again by hand, fixed again
    assert run_repair("fix", "--in-place", str(a)).returncode == 0
    assert (tmp_path / "a.txt.bak").read_text() == BAD
    assert (tmp_path / "a.txt.bak.1").read_text() == second
    a.write_text(BAD)  # restored from the first backup: that backup already holds it
    assert run_repair("fix", "--in-place", str(a)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.bak", "a.txt.bak.1"]
    assert a.read_text() == FIXED


def test_atomic_write_keeps_a_link_a_link(tmp_path):
    from repair.fileio import atomic_write

    (tmp_path / "target.json").write_text("old")
    (tmp_path / "link.json").symlink_to("target.json")
    atomic_write(tmp_path / "link.json", b"new")
    assert os.readlink(tmp_path / "link.json") == "target.json" and (tmp_path / "target.json").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "target.json"]


def test_a_journal_of_deeply_nested_json_is_an_incomplete_journal(tmp_path):
    """A journal nested deeper than the JSON decoder recurses was a traceback
    (RecursionError); it is read as a journal of which nothing is known: removed, the run goes on."""
    src, out = tmp_path / "a.txt", tmp_path / "out"
    src.write_text("the the end.\n", encoding="utf-8")
    out.mkdir()
    (out / JOURNAL).write_text("[" * 100_000, encoding="utf-8")
    r = run_repair("fix", "--out-dir", str(out), str(src))
    assert r.returncode == 0 and b"Traceback" not in r.stderr
    assert (
        sorted(p.name for p in out.iterdir()) == ["a.txt"]
        and (out / "a.txt").read_text(encoding="utf-8") == "the end.\n"
    )
