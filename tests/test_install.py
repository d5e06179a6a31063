"""The product installs as one: the wheel holds every data file and runs outside this checkout.

The wheel is built from a copy of the project (nothing is written into the tree) with
``pip wheel --no-deps``; offline when this environment's setuptools can build it (no build
isolation), else with build isolation (setuptools from PyPI). It is installed with
``--no-deps --no-index`` into a fresh virtual environment in a temporary folder, which sees
this environment's site-packages (the dependencies) through a ``.pth`` line. A plain path line
in a ``.pth`` file does not run the ``.pth`` files of that folder, so the editable install of
this checkout stays invisible there: the tests assert that ``repair`` is imported from the
fresh environment.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ARTICLE, ROOT, SAMPLES, run_repair

#: files of the project a wheel is built from
_PROJECT_FILES = ("pyproject.toml", "README.md")


def _setuptools_builds_offline() -> bool:
    """Whether this environment's setuptools meets ``[build-system] requires`` (>= 77)."""
    try:
        major = int(importlib.metadata.version("setuptools").split(".")[0])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return major >= 77


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{cmd}: exit {res.returncode}\n{res.stdout}\n{res.stderr}"
    return res


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """``(wheel, fresh environment)``: the wheel built from a copy of the tree, installed."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    src.mkdir()
    for name in _PROJECT_FILES:
        shutil.copy2(ROOT / name, src / name)
    # (a compiled module built in place is left behind: the wheel's build compiles its own)
    shutil.copytree(ROOT / "repair", src / "repair", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
    dist = base / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(src)]
    if _setuptools_builds_offline():
        cmd[4:4] = ["--no-build-isolation", "--no-index"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    _run(cmd, cwd=base, env=env)
    (wheel,) = dist.glob("repair-*.whl")

    fresh = base / "env"
    venv.create(fresh, with_pip=False, symlinks=True)
    python = fresh / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        cwd=base,
        env=env,
    )
    purelib = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base, env=env
        ).stdout.strip()
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "_repair_test_deps.pth").write_text("".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
    return wheel, fresh


def _fresh_repair(fresh: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [str(fresh / "bin" / "repair"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_wheel_holds_every_data_file_of_the_package(built):
    wheel, _ = built
    names = set(zipfile.ZipFile(wheel).namelist())
    data = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "repair").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc", ".c", ".so") and "__pycache__" not in p.parts
    )
    assert (
        "repair/model/presets.toml" in data and "repair/packs/zh-en.yaml" in data and "repair/review/app.tcss" in data
    )
    assert [d for d in data if d not in names] == []


def test_wheel_holds_the_compiled_scans_built_from_source(built):
    # repair/csrc/scan.c, compiled by the build ([tool.setuptools] ext-modules in pyproject.toml)
    wheel, fresh = built
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if n.startswith("repair/_scan.") and n.endswith(".so")] != []
    assert "py3-none-any" not in wheel.name  # a platform wheel
    out = _run(
        [str(fresh / "bin" / "python"), "-c", "from repair import compiled; print(compiled.scan.__file__)"],
        cwd=fresh,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REPAIR_PURE_PYTHON")},
    ).stdout
    assert out.startswith(str(fresh)) and "/repair/_scan." in out


def test_wheel_requires_the_whole_product_and_leaves_the_model_an_extra(built):
    wheel, _ = built
    zf = zipfile.ZipFile(wheel)
    (meta,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
    requires = [
        line.split(":", 1)[1].strip()
        for line in zf.read(meta).decode().splitlines()
        if line.startswith("Requires-Dist:")
    ]
    core = {r.split(">")[0].split("<")[0].split("=")[0].split(";")[0].strip() for r in requires if "extra ==" not in r}
    assert {"click", "textual", "lxml", "polib", "sacrebleu"} <= core
    assert "torch" not in core and "transformers" not in core
    assert any(r.startswith("torch") and 'extra == "model"' in r for r in requires)
    extras = [
        line.split(":", 1)[1].strip()
        for line in zf.read(meta).decode().splitlines()
        if line.startswith("Provides-Extra:")
    ]
    assert extras == [
        "model",
        "bench",
        "ray",
        "test",
    ]  # bench: codespell and typos, for benchmarks/startup.py; ray: --engine ray


def test_installed_wheel_runs_outside_the_tree(built, tmp_path):
    _, fresh = built
    where = subprocess.run(
        [
            str(fresh / "bin" / "python"),
            "-c",
            "import repair, repair.model.presets as p; print(repair.__file__); print(p.PRESETS_PATH)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    module, presets = where.stdout.split("\n")[:2]
    assert Path(module).is_relative_to(fresh) and Path(presets).is_relative_to(fresh), where.stdout + where.stderr

    listed = _fresh_repair(fresh, "model", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [name for name in ("opus-mt-zh-en", "coedit-large", "t5-gec", "ape") if name not in listed.stdout] == []

    review = _fresh_repair(fresh, "review", "--help", cwd=tmp_path)
    assert review.returncode == 0, review.stderr
    assert review.stdout.startswith("Usage: repair review [OPTIONS] PATHS...")

    # plain text, XLIFF (lxml) and PO (polib): the same findings as this checkout gives
    for sample in (ARTICLE, SAMPLES / "wmt21-zh-en.online-a.xlf", SAMPLES / "wmt21-zh-en.njusc-tsc.po"):
        shutil.copy2(sample, tmp_path / sample.name)
        there = _fresh_repair(fresh, "check", sample.name, cwd=tmp_path)
        here = run_repair("check", sample.name, cwd=tmp_path)
        assert (there.returncode, there.stderr) == (1, "")
        assert there.stdout == here.stdout.decode()
    assert _fresh_repair(fresh, "check", ARTICLE.name, cwd=tmp_path).stdout.splitlines()[-1].startswith("28 findings")

    evaluate = _fresh_repair(fresh, "eval", "--help", cwd=tmp_path)
    assert evaluate.returncode == 0, evaluate.stderr
