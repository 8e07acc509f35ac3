"""The code passes the lint and type checks written down in pyproject.toml (ruff, mypy):
the settings are the project's, so a change that breaks them fails here, not in review."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.quick
def test_ruff_finds_nothing():
    if shutil.which("ruff") is None:
        pytest.skip("ruff is not installed (pip install '.[test]')")
    result = _run("ruff", "check", "src", "tests", "bench", "docs")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
