"""The compiled scans of the rule kinds, when the install built them.

``scan`` is the extension module ``repair._scan`` (C, ``repair/csrc/scan.c``: built by
``pip install`` through ``[tool.setuptools] ext-modules`` in pyproject.toml), or ``None`` when it
is not built (no C compiler at install time) or when the environment sets ``REPAIR_PURE_PYTHON``
to a non-empty value. With ``None`` the kinds run the Python code that each compiled function
replaces; both give the same results (tests/test_scan.py). Callers read ``compiled.scan`` at call
time, so a test can switch it.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def _load() -> ModuleType | None:
    if os.environ.get("REPAIR_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module("repair._scan")
    except ImportError:  # not built: the Python code runs
        return None


scan: ModuleType | None = _load()
