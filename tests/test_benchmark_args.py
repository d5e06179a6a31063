"""The argument handling of ``benchmarks/source_checks.py``: the shared folder found beside the
project root by default, and ``--repair``/``--shared`` given as relative paths made absolute
(the script runs the tools from other folders)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "source_checks.py"


@pytest.fixture
def source_checks():
    spec = importlib.util.spec_from_file_location("source_checks_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def layout(tmp_path: Path, monkeypatch) -> Path:
    """tmp_path/main (the project root), tmp_path/shared/corpus beside it, tmp_path/bin/repair."""
    (tmp_path / "main").mkdir()
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "repair").write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_default_shared_folder_is_beside_the_project_root(source_checks, layout, monkeypatch):
    monkeypatch.setattr(source_checks, "ROOT", layout / "main")
    args = source_checks.parse_args(["--repair", str(layout / "bin" / "repair")])
    assert args.shared == layout / "shared"


@pytest.mark.parametrize("given", ["bin/repair", "./bin/repair", "main/../bin/repair"])
def test_relative_paths_are_made_absolute_from_the_current_folder(source_checks, layout, given):
    args = source_checks.parse_args(["--shared", "shared", "--repair", given])
    assert args.shared == layout / "shared"
    assert Path(args.repair).is_absolute()
    assert Path(args.repair).resolve() == (layout / "bin" / "repair").resolve()


def test_a_repair_on_path_is_found_and_a_missing_one_is_one_line(source_checks, layout, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(layout / "bin"))
    (layout / "bin" / "repair").chmod(0o755)
    assert source_checks.parse_args(["--shared", "shared", "--repair", "repair"]).repair == str(
        layout / "bin" / "repair"
    )
    for missing in ("nope", "bin/nope"):
        with pytest.raises(SystemExit) as caught:
            source_checks.parse_args(["--shared", "shared", "--repair", missing])
        assert caught.value.code == f"source_checks.py: --repair {missing}: no such file or command"
    with pytest.raises(SystemExit) as caught:
        source_checks.parse_args(["--shared", "main", "--repair", "bin/repair"])
    assert caught.value.code == f"source_checks.py: no corpus under {layout / 'main'}: pass --shared DIR"
