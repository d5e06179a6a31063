"""Settings files: ``[tool.repair]`` in pyproject.toml and the top-level keys of repair.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from repair.config import find_config, load_settings
from repair.errors import ConfigError

from conftest import run_repair


def test_repair_toml_wins_in_its_folder_and_the_nearest_folder_wins(tmp_path: Path):
    top, sub = tmp_path, tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (top / "pyproject.toml").write_text('[tool.repair]\nignore = ["mt-en"]\n', encoding="utf-8")
    assert find_config(sub) == top / "pyproject.toml"
    (top / "repair.toml").write_text('ignore = ["zh-en"]\n', encoding="utf-8")
    assert find_config(sub) == top / "repair.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.repair]\nselect = ["zh-en"]\n', encoding="utf-8")
    assert find_config(sub) == tmp_path / "a" / "pyproject.toml"
    (tmp_path / "a" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n', encoding="utf-8"
    )  # says nothing of repair
    assert find_config(sub) == top / "repair.toml"


def test_repair_toml_keys_are_top_level(tmp_path: Path):
    (tmp_path / "rules").mkdir()
    f = tmp_path / "repair.toml"
    f.write_text(
        'select = ["zh-en"]\nignore = ["zh-en/name"]\npacks = ["rules/house.yaml"]\nunsafe-fixes = true\n',
        encoding="utf-8",
    )
    s = load_settings(f)
    assert (s.select, s.ignore, s.packs, s.unsafe_fixes, s.select_from) == (
        ["zh-en"],
        ["zh-en/name"],
        [str(tmp_path / "rules" / "house.yaml")],
        True,
        str(f),
    )
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


def test_config_of_another_shape_is_an_error_not_ignored(tmp_path: Path):
    """``--config`` naming a file that is not repair.toml but holds settings at its top level
    (a repair.toml under another name) used to give the defaults without a word; ``tool = 1``
    was a traceback (AttributeError), arrays nested 5,000 deep another (RecursionError). Each:
    one line, exit 2."""
    (tmp_path / "a.txt").write_text("We saw the the new coronary pneumonia.\n", encoding="utf-8")
    cases = {
        "house.toml": (
            'select = ["zh-en"]\n',
            (
                "'select' at the top level: settings go under [tool.repair], "
                "or at the top level of a file named repair.toml"
            ),
        ),
        "tool.toml": ("tool = 1\n", "'tool' must be a table ([tool.repair] holds the settings)"),
        "repair.toml": ("select = " + "[" * 5000 + "]" * 5000 + "\n", "TOML nested too deep to read"),  # RecursionError
    }
    for name, (text, cause) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = run_repair("check", "--config", name, "a.txt", cwd=tmp_path)
        assert (r.returncode, r.stdout, r.stderr.decode()) == (2, b"", f"repair: error: {name}: {cause}\n")
    (tmp_path / "house.toml").write_text('[tool.repair]\nselect = ["zh-en"]\n', encoding="utf-8")
    assert load_settings(tmp_path / "house.toml").select == ["zh-en"]
