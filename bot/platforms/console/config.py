"""The `[console]` section of the config file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConsoleConfig:
    operators: tuple[str, ...] = ("console",)
