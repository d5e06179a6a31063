"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself on a temporary
git repository of the samples.

``pre-commit try-repo`` would install this repository into a virtualenv from PyPI (network);
here each hook of the manifest becomes a ``repo: local`` hook with the same id, entry, files
and arguments, its entry run by this environment's Python (``language: system``), so what
is tested is the manifest's own entry and file pattern.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ARTICLE, ROOT, SAMPLES

pre_commit = pytest.importorskip("pre_commit.clientlib")

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PO = SAMPLES / "wmt21-zh-en.njusc-tsc.po"
XLF = SAMPLES / "wmt21-zh-en.online-a.xlf"


def test_manifest_is_valid_for_pre_commit():
    hooks = pre_commit.load_manifest(str(MANIFEST))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("repair-check", "repair check", "python"),
        ("repair-fix", "repair fix --in-place --no-backup --quiet --exit-zero", "python"),
    ]


def _repo(tmp_path: Path) -> tuple[Path, dict]:
    repo = tmp_path / "translations"
    (repo / "po").mkdir(parents=True)
    shutil.copy(ARTICLE, repo / "article.txt")
    shutil.copy(PO, repo / "po" / "strings.po")
    shutil.copy(XLF, repo / "project.xlf")
    (repo / "notes.rst").write_text(
        "Jinping and production and production: not a file repair reads.\n", encoding="utf-8"
    )
    hooks = []
    for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")):
        program, *args = hook["entry"].split()
        assert program == "repair"
        hooks.append(
            {
                "id": hook["id"],
                "name": hook["name"],
                "files": hook["files"],
                "language": "system",
                "entry": f"{sys.executable} -m repair {' '.join(args)}",
            }
        )
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        NO_COLOR="1",
        COLUMNS="200",
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "samples"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True, capture_output=True)
    return repo, env


def _run(repo: Path, env: dict, hook: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_hooks_check_then_fix_a_repository_of_samples(tmp_path: Path):
    repo, env = _repo(tmp_path)
    check = _run(repo, env, "repair-check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "repair check (machine-translation errors)" in check.stdout and "Failed" in check.stdout
    assert (
        "53 findings in 3 files" in check.stdout
    )  # 28 in the article, 11 in the PO file, 14 in the XLIFF file (names misspelt, 卫健委 and 新冠肺炎 at the words; 23日 and 24日 dated "on Wednesday"/"on Thursday" and the 1 of 1美元兑7.0元 are no missing numbers)
    assert "notes.rst" not in check.stdout

    fix = _run(repo, env, "repair-fix")
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "files were modified by this hook" in fix.stdout
    assert (repo / "article.txt").read_bytes() == (
        SAMPLES / "xinhua-2020-04-10-work-safety.mt.en.repaired.txt"
    ).read_bytes()
    assert (repo / "po" / "strings.po").read_bytes() == (SAMPLES / "wmt21-zh-en.njusc-tsc.repaired.po").read_bytes()
    changed = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout.split()
    assert changed == ["M", "article.txt", "M", "po/strings.po"]  # the XLIFF file has no safe fix
    assert not list(repo.rglob("*.bak"))

    again = _run(repo, env, "repair-fix")  # nothing left to fix: passes, though unsafe findings remain
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout


def test_hooks_read_the_files_a_folder_walk_reads():
    import re

    from repair.formats import known_suffixes

    for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")):
        pattern = re.compile(hook["files"])
        assert sorted(s for s in known_suffixes() if pattern.search(f"dir/name{s}")) == sorted(known_suffixes())
        assert not any(pattern.search(f"name{s}") for s in (".csv", ".tsv", ".py", ".rst", ".txt.bak"))
