"""Shared fixtures: the built-in engine, paths to samples and data, running the console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from repair.engine import Engine, Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = SAMPLES / "xinhua-2020-04-10-work-safety.mt.en.txt"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_settings(Settings())


def repair_bin() -> str:
    exe = shutil.which("repair", path=str(Path(sys.executable).parent))
    assert exe, "the `repair` console script is not installed in this environment"
    return exe


def run_repair(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `repair` console script; returns the completed process (bytes)."""
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    return subprocess.run([repair_bin(), *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=120)
