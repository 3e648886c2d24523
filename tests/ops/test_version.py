"""`communique --version` names the version pip installed, from the installed command and from `python -m bot`."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def declared_version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_python_m_bot_version_prints_the_declared_version() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"communique {declared_version()}\n"


def test_the_installed_command_prints_the_same_version() -> None:
    script = Path(sys.executable).parent / "communique"
    if not script.exists():
        pytest.skip("the communique command is not installed in this environment")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == f"communique {declared_version()}\n"
