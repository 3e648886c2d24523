"""Communiqué's own exceptions, in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class CommuniqueError(Exception):
    """The root of Communiqué's own errors."""


class ConfigError(CommuniqueError, ValueError):
    """The config cannot be used; `problems` lists every reason, each naming key, value and what is allowed."""

    def __init__(self, path: Path | str, problems: list[str], partial: Any = None) -> None:
        self.path = str(path)
        self.problems = problems
        # The config as far as it could be read (each value in error left at its default, each block in error left
        # out), for the checks that need a loaded config: `check-config` reports theirs in the same run.
        self.partial = partial
        super().__init__(f"{path}: " + ("; ".join(problems) if len(problems) == 1 else f"{len(problems)} problems"))

    def report(self) -> str:
        """All problems, one a line, for a terminal or a log."""
        lines = [f"Config {self.path} is not valid:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class TokenRefused(ConfigError):
    """A platform refused the token its `token_env` variable holds. A ConfigError still (the start stops, exit 2),
    but the file is not at fault: the report names the variable to mend, not "Config ... is not valid"."""

    def __init__(self, section: str, message: str) -> None:
        super().__init__(section, [message])

    def report(self) -> str:
        return f"communique: {self.problems[0]}"
