"""`repair review` on the command line and its guards against other writers (no terminal needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from repair import formats
from repair.review.lock import ReviewLock, ReviewLocked, lock_path
from repair.review.state import ReviewError, ReviewState

from conftest import run_repair

TEXT = "At present, the country is resuming production and production.\n"
FIXED = "At present, the country is resuming work and production.\n"


def opened(tmp_path: Path, engine) -> ReviewState:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    data = src.read_bytes()
    doc = formats.read(src, data)
    return ReviewState.open(
        doc,
        engine.check(doc),
        tmp_path / "a.repaired.txt",
        mode_from=src,
        input_digest=hashlib.sha256(data).hexdigest(),
    )


def test_save_refuses_an_input_changed_on_disk_and_writes_nothing(tmp_path, engine):
    s = opened(tmp_path, engine)
    (tmp_path / "a.txt").write_text("Someone else's text.\n", encoding="utf-8")
    with pytest.raises(ReviewError) as raised:
        s.save()
    assert str(raised.value) == (
        f"{tmp_path / 'a.txt'}: changed on disk since the review opened it (another program wrote it, e.g."
        " `repair fix --in-place`); not saved: quit and run `repair review` again to review the file as it is now"
        " (your decisions are kept in a.repaired.txt.review.json)"
    )
    assert not (tmp_path / "a.repaired.txt").exists()
    (tmp_path / "a.txt").unlink()
    with pytest.raises(ReviewError, match="a.txt: is gone or unreadable since the review opened it"):
        s.save()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")  # the same bytes again: saved
    s.save()
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == FIXED


def test_save_refuses_to_write_over_a_copy_another_program_wrote(tmp_path, engine):
    s = opened(tmp_path, engine)
    s.save()
    (tmp_path / "a.repaired.txt").write_text("the other review's copy\n", encoding="utf-8")
    with pytest.raises(ReviewError) as raised:
        s.save()
    assert str(raised.value) == (
        f"{tmp_path / 'a.repaired.txt'}: changed on disk since this review opened or saved it (another program wrote"
        " it); not saved: move it away, or quit and run `repair review` again (your decisions are kept in"
        " a.repaired.txt.review.json)"
    )
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == "the other review's copy\n"
    (tmp_path / "a.repaired.txt").unlink()  # moved away: saved
    s.save()
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == FIXED
    s.reject(advance=False)
    s.save()  # its own copy again
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == TEXT


def test_a_copy_written_before_the_review_opened_is_its_own_to_overwrite(tmp_path, engine):
    (tmp_path / "a.repaired.txt").write_text("an earlier copy\n", encoding="utf-8")
    s = opened(tmp_path, engine)
    s.save()
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == FIXED


def test_the_lock_refuses_a_second_holder_and_is_free_after_release(tmp_path):
    first = ReviewLock.acquire(tmp_path / "out" / "a.repaired.txt")
    assert lock_path(tmp_path / "out" / "a.repaired.txt").exists()
    with pytest.raises(
        ReviewLocked,
        match=r"a.repaired.txt: being reviewed by process \d+ on .+, since "
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(lock .*a.repaired.txt.review.lock\)",
    ):
        ReviewLock.acquire(tmp_path / "out" / "a.repaired.txt")
    first.release()
    first.release()
    assert not (tmp_path / "out").exists()  # the folder made for the lock is removed with it
    again = ReviewLock.acquire(tmp_path / "out" / "a.repaired.txt")
    assert again.taken_over is None
    again.release()


def test_a_lock_file_nobody_holds_is_taken_over(tmp_path):
    lock_path(tmp_path / "a.repaired.txt").write_text('{"pid": 999999, "host": "h", "started": "then"}\n')
    lock = ReviewLock.acquire(tmp_path / "a.repaired.txt")
    try:
        assert lock.taken_over == {"pid": 999999, "host": "h", "started": "then"}
    finally:
        lock.release()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["-o", "x.txt", "--out-dir", "y", "a.txt"],
            "repair: error: use one of --out-dir and -o/--output (see `repair review --help`)",
        ),
        (
            ["-o", "a.txt", "a.txt"],
            "repair: error: a.txt: is the input itself: review writes a corrected copy and never the input; name another"
            " file with -o (or leave -o out for NAME.repaired.EXT)",
        ),
        (
            ["--out-dir", ".", "a.txt"],
            "repair: error: a.txt: is the input itself: review writes a corrected copy and never the input; name another"
            " file with -o (or leave -o out for NAME.repaired.EXT)",
        ),
        (
            ["-o", "x.txt", "a.txt", "b.txt"],
            "repair: error: -o/--output: names the copy of one input, and 2 were given; use --out-dir for several",
        ),
    ],
)
def test_option_clashes_are_one_line_with_status_2(tmp_path, args, message):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    proc = run_repair("review", *args, cwd=tmp_path)
    assert (proc.returncode, proc.stderr.decode().strip(), proc.stdout) == (2, message, b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_a_lock_file_of_deeply_nested_json_is_taken_over(tmp_path):
    """A lock file whose JSON nests deeper than the decoder recurses (RecursionError, a
    traceback before) is a lock nobody can be named for: taken over like an empty one."""
    lock_path(tmp_path / "a.repaired.txt").write_text("[" * 5000)
    lock = ReviewLock.acquire(tmp_path / "a.repaired.txt")
    try:
        assert lock.taken_over is None  # as for a lock file holding no JSON
    finally:
        lock.release()
