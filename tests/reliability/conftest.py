"""Fixtures for the reliability tests: deployments of `communique run` in temporary folders, and the figures
(faults injected, crashes survived, duplicates and losses observed) that the tests count and docs/reliability.md
reports.

The figures are printed at the end of the pytest run under "Communiqué reliability figures", and written to
`$COMMUNIQUE_FIGURES` (a JSON file) when that variable is set, so the numbers in docs/reliability.md come from a
real run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.harness import Deployment


@dataclass
class Figures:
    """What the reliability tests did and saw, by kind."""

    faults: dict[str, int] = field(default_factory=dict)  # fault kind -> times injected
    crashes: list[dict[str, Any]] = field(default_factory=list)  # one per SIGKILL survived
    hostile: dict[str, int] = field(default_factory=dict)  # hostile input kind -> examples tried
    notes: list[str] = field(default_factory=list)

    def fault(self, kind: str, times: int = 1) -> None:
        self.faults[kind] = self.faults.get(kind, 0) + times

    def crash(self, point: str, *, duplicates: int, lost: int, in_flight_bound: int, **extra: Any) -> None:
        self.crashes.append(
            {"point": point, "duplicates": duplicates, "lost": lost, "in_flight_bound": in_flight_bound, **extra}
        )

    def tried(self, kind: str, examples: int = 1) -> None:
        self.hostile[kind] = self.hostile.get(kind, 0) + examples

    def as_dict(self) -> dict[str, Any]:
        return {
            "fault_kinds": len(self.faults),
            "faults": self.faults,
            "crashes_survived": len(self.crashes),
            "duplicates_observed": sum(c["duplicates"] for c in self.crashes),
            "losses_observed": sum(c["lost"] for c in self.crashes),
            "crashes": self.crashes,
            "hostile_input_kinds": len(self.hostile),
            "hostile_examples": sum(self.hostile.values()),
            "hostile": self.hostile,
            "notes": self.notes,
        }


FIGURES = Figures()


@pytest.fixture
def figures() -> Figures:
    return FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    data = FIGURES.as_dict()
    if not (data["faults"] or data["crashes"] or data["hostile"]):
        return
    terminalreporter.section("Communiqué reliability figures")
    terminalreporter.write_line(
        f"fault kinds injected: {data['fault_kinds']} ({sum(data['faults'].values())} injections); "
        f"crashes survived: {data['crashes_survived']}; duplicates observed: {data['duplicates_observed']}; "
        f"losses observed: {data['losses_observed']}; hostile input kinds: {data['hostile_input_kinds']} "
        f"({data['hostile_examples']} examples)"
    )
    for crash in data["crashes"]:
        terminalreporter.write_line(f"  crash {json.dumps(crash, ensure_ascii=False)}")
    target = os.environ.get("COMMUNIQUE_FIGURES")
    if target:
        Path(target).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def deploy(tmp_path: Path) -> Iterator[Callable[..., Deployment]]:
    """`deploy(config_dict, name=..., env=...)`: a Deployment in its own folder; every bot it started is killed
    at the end of the test, whatever happened."""
    made: list[Deployment] = []

    def make(config: dict[str, Any], *, name: str = "bot", env: dict[str, str] | None = None) -> Deployment:
        deployment = Deployment(tmp_path / name, config, env)
        made.append(deployment)
        return deployment

    yield make
    for deployment in made:
        deployment.stop_all()


@pytest.fixture(scope="session")
def telegram_peer_process() -> Iterator[Any]:
    """The local Telegram Bot API peer (tests/peers/telegram_peer.py), started once for the reliability tests."""
    from tests.peers.telegram_peer import running_peer

    with running_peer() as peer:
        yield peer


@pytest.fixture
def telegram_peer(telegram_peer_process: Any) -> Any:
    """The peer with a clean slate (no chats, messages, faults, latency or logged calls)."""
    telegram_peer_process.reset()
    return telegram_peer_process
