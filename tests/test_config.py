"""Settings files: ``[tool.repair]`` in pyproject.toml and the top-level keys of repair.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_repair
from repair.config import find_config, load_settings
from repair.errors import ConfigError


def test_repair_toml_wins_in_its_folder_and_the_nearest_folder_wins(tmp_path: Path):
    top, sub = tmp_path, tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (top / "pyproject.toml").write_text('[tool.repair]\nignore = ["mt-en"]\n', encoding="utf-8")
    assert find_config(sub) == top / "pyproject.toml"
    (top / "repair.toml").write_text('ignore = ["zh-en"]\n', encoding="utf-8")
    assert find_config(sub) == top / "repair.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.repair]\nselect = ["zh-en"]\n', encoding="utf-8")
    assert find_config(sub) == tmp_path / "a" / "pyproject.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # says nothing of repair
    assert find_config(sub) == top / "repair.toml"


def test_repair_toml_keys_are_top_level(tmp_path: Path):
    (tmp_path / "rules").mkdir()
    f = tmp_path / "repair.toml"
    f.write_text('select = ["zh-en"]\nignore = ["zh-en/name"]\npacks = ["rules/house.yaml"]\nunsafe-fixes = true\n', encoding="utf-8")
    s = load_settings(f)
    assert (s.select, s.ignore, s.packs, s.unsafe_fixes, s.select_from) == (
        ["zh-en"], ["zh-en/name"], [str(tmp_path / "rules" / "house.yaml")], True, str(f))
    f.write_text('[tool.repair]\nignore = ["zh-en"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"repair.toml: unknown key 'tool' \(known: "):
        load_settings(f)
    f.write_text('ignore = "zh-en"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"repair.toml: 'ignore' must be a list of strings$"):
        load_settings(f)


def test_cli_reads_repair_toml(tmp_path: Path):
    (tmp_path / "a.txt").write_text("We saw the the new coronary pneumonia.\n", encoding="utf-8")
    r = run_repair("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 1 and b"2 findings" in r.stdout
    (tmp_path / "repair.toml").write_text('ignore = ["zh-en"]\n', encoding="utf-8")
    r = run_repair("check", "a.txt", cwd=tmp_path)
    assert b"1 finding in 1 file" in r.stdout and b"covid" not in r.stdout
    (tmp_path / "repair.toml").write_text('ignor = ["zh-en"]\n', encoding="utf-8")
    r = run_repair("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode().strip().startswith(f"repair: error: {tmp_path / 'repair.toml'}: unknown key 'ignor'")
