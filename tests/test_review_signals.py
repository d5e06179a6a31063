"""`repair review` in a pseudo-terminal (a subprocess, no tmux): signals, the lock, the input's hash.

Each test starts the console script with its terminal on a pty, waits for the first screen,
presses keys by writing to the pty, and reads everything the process wrote to the terminal.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import repair_bin, run_repair

TEXT = (
    "At present, the country is resuming production and production.\n"
    "It must strengthen safety production supervision and safety production.\n"
)


class Terminal:
    """``repair ARGS`` running on a pty of 100x30 cells."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
        env.update(TERM="xterm-256color", HF_HUB_OFFLINE="1")
        self.proc = subprocess.Popen(
            [repair_bin(), *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = b""

    def read(self, timeout: float) -> bool:
        """Read what is there within ``timeout`` seconds; False at the end of the output."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the process closed the terminal
            return False
        self.output += data
        return bool(data)

    def wait_for(self, marker: bytes, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while marker not in self.output:
            assert time.monotonic() < end, f"no {marker!r} in {self.output[-400:]!r}"
            if not self.read(0.2):
                raise AssertionError(f"ended before {marker!r}: {self.output[-800:]!r}")

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 60) -> int:
        end = time.monotonic() + timeout
        while self.read(0.2):
            assert time.monotonic() < end, "the process did not end"
        try:
            return self.proc.wait(timeout=max(1, end - time.monotonic()))
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            os.close(self.master)
        except OSError:
            pass


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def wait_file(path: Path, check=lambda p: True, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not (path.exists() and check(path)):
        assert time.monotonic() < end, f"{path} not written"
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pseudo-terminals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal_prints_the_closing_lines_and_keeps_the_decisions(tmp_path, article, signum):
    term = Terminal("review", "a.txt", cwd=tmp_path)
    try:
        term.wait_for(b"Queue (1/")
        term.press("n")  # reject the first edit: the sidecar keeps it
        sidecar = tmp_path / "a.repaired.txt.review.json"
        wait_file(sidecar, lambda p: '"decision": "reject"' in p.read_text(encoding="utf-8"))
        mark = len(term.output)
        os.kill(term.proc.pid, signum)
        status = term.finish()
    finally:
        term.kill()
    after = term.output[mark:]
    assert status == 1
    assert b"\x1b[?1049l" in after  # the alternate screen left
    assert b"\x1b[?1000l" in after and b"\x1b[?1003l" in after  # mouse reporting off
    name = signal.Signals(signum).name
    text = after.decode("utf-8", "replace").replace("\r\n", "\n")
    assert f"repair review: closed by {name} before quitting\n" in text
    assert (
        "a.txt: 0 accepted, 1 rejected, 0 rewritten, 2 pending; not saved (decisions kept in"
        " a.repaired.txt.review.json)\n"
    ) in text
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    assert [(d["rule"], d["decision"]) for d in data["decisions"]] == [
        ("zh-en/coordination/work-and-production", "reject")
    ]
    assert not (tmp_path / "a.repaired.txt.review.lock").exists()
    assert not (tmp_path / "a.repaired.txt").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks and pseudo-terminals")
def test_a_second_review_of_the_same_output_is_refused_and_names_the_first(tmp_path, article):
    term = Terminal("review", "a.txt", cwd=tmp_path)
    try:
        term.wait_for(b"Queue (1/")
        second = run_repair("review", "a.txt", cwd=tmp_path)
        other_output = run_repair("review", "-o", "b.txt", "a.txt", cwd=tmp_path)  # another copy: not locked
        holder = json.loads((tmp_path / "a.repaired.txt.review.lock").read_text(encoding="utf-8"))
        term.press("q")
        status = term.finish()
    finally:
        term.kill()
    assert status == 0
    assert holder["pid"] == term.proc.pid and holder["host"] == os.uname().nodename
    assert second.returncode == 2
    assert second.stderr.decode().strip() == (
        f"repair: error: a.repaired.txt: being reviewed by process {term.proc.pid} on {holder['host']}, since"
        f" {holder['started']} (lock a.repaired.txt.review.lock); quit that review first, or review into another"
        f" copy with -o"
    )
    assert (
        other_output.stderr.decode()
        .strip()
        .endswith("needs an interactive terminal (use `repair check` or `repair fix` in scripts)")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # the locks are gone with their reviews


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks and pseudo-terminals")
def test_the_lock_of_a_killed_review_is_taken_over(tmp_path, article):
    first = Terminal("review", "a.txt", cwd=tmp_path)
    try:
        first.wait_for(b"Queue (1/")
        os.kill(first.proc.pid, signal.SIGKILL)  # no handler: the lock file stays, its flock goes
        first.proc.wait()
    finally:
        first.kill()
    assert (tmp_path / "a.repaired.txt.review.lock").exists()
    term = Terminal("review", "a.txt", cwd=tmp_path)
    try:
        term.wait_for(b"Queue (1/")
        term.press("q")
        status = term.finish()
    finally:
        term.kill()
    assert status == 0
    text = term.output.decode("utf-8", "replace")
    assert (
        f"repair review: a.repaired.txt: took over the review lock left by process {first.proc.pid} on"
        f" {os.uname().nodename}, since "
    ) in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_save_refuses_when_the_input_changed_on_disk(tmp_path, article):
    term = Terminal("review", "a.txt", cwd=tmp_path)
    try:
        term.wait_for(b"Queue (1/")
        term.press("n")  # a decision: unsaved from here on
        wait_file(tmp_path / "a.repaired.txt.review.json")
        fixed = run_repair("fix", "--in-place", "--no-backup", "a.txt", cwd=tmp_path)
        assert fixed.returncode in (0, 1), fixed.stderr
        changed = article.read_bytes()
        term.press("s")
        term.wait_for(b"changed on disk")  # the refusal, in a notification
        term.press("q")
        term.wait_for(b"Unsaved decisions")  # nothing saved: the quit dialog asks
        term.press("d")
        status = term.finish()
    finally:
        term.kill()
    assert status == 0
    assert not (tmp_path / "a.repaired.txt").exists()
    assert article.read_bytes() == changed != TEXT.encode()
    assert (
        "a.txt: 0 accepted, 1 rejected, 0 rewritten, 2 pending; not saved (decisions kept in"
        " a.repaired.txt.review.json)"
    ) in term.output.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pseudo-terminals")
def test_a_hangup_after_the_terminal_is_gone_still_keeps_the_decisions_and_frees_the_lock(tmp_path, article):
    term = Terminal("review", "a.txt", cwd=tmp_path)
    try:
        term.wait_for(b"Queue (1/")
        term.press("n")
        sidecar = tmp_path / "a.repaired.txt.review.json"
        wait_file(sidecar, lambda p: '"decision": "reject"' in p.read_text(encoding="utf-8"))
        os.close(term.master)  # the terminal window closed: every write to it fails from now on
        os.kill(term.proc.pid, signal.SIGHUP)
        status = term.proc.wait(timeout=60)
    finally:
        term.kill()
    assert status == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.repaired.txt.review.json", "a.txt"]
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    assert [(d["rule"], d["decision"]) for d in data["decisions"]] == [
        ("zh-en/coordination/work-and-production", "reject")
    ]
