"""Folder walks (``repair check FOLDER``): the same files in the same order as before, and a
folder that cannot be read is an error naming it, never a silent gap in the run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from repair.cli import main
from repair.errors import InputError
from repair.inputs import expand


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for rel in [
        "b.txt",
        "a/z.md",
        "a/b/c.txt",
        "a/.hidden/x.txt",
        ".dot.txt",
        "a/x.repaired.txt",
        "a/notes.bin",
        "c.po",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("The cat sat on the mat.\n" if not rel.endswith(".po") else 'msgid "a"\nmsgstr "b"\n')
    (root / "link").symlink_to(root / "a", target_is_directory=True)  # not followed
    return root


def test_a_walk_finds_the_known_files_sorted_without_hidden_or_repaired_ones(tree):
    found = [(i.path, str(i.relative)) for i in expand([str(tree)])]
    assert found == [
        (str(tree / "a/b/c.txt"), "a/b/c.txt"),
        (str(tree / "a/z.md"), "a/z.md"),
        (str(tree / "b.txt"), "b.txt"),
        (str(tree / "c.po"), "c.po"),
    ]


@pytest.mark.parametrize("locked", ["a/b", "a", "."])
def test_a_folder_that_cannot_be_read_is_an_error_naming_it(tree, monkeypatch, locked):
    scandir = os.scandir
    target = os.path.normpath(tree / locked)

    def refuse(path="."):
        if os.path.normpath(os.fspath(path)) == target:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    with pytest.raises(InputError) as caught:
        expand([str(tree)])
    assert os.path.normpath(caught.value.path) == target
    assert caught.value.message == "cannot read the folder: Permission denied"
    result = CliRunner().invoke(main, ["check", str(tree)], prog_name="repair")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("repair: error: ") and result.stderr.endswith(
        ": cannot read the folder: Permission denied\n"
    )
