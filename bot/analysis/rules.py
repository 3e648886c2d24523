"""Named rules: every decision the analysis takes by rule has a name, a one-line reason, and a switch.

A rule earns its place by examples of its own (tests/rules/*.toml: short sentences with what the analysis must
find, or must not). The switch exists for one test: turn a rule off, and at least one of its examples must then
fail; a rule whose examples all pass without it no longer earns its place and is removed. At run time every rule
is on and a switch costs one set look-up.

Code declares a rule once, at import time, and asks it where it decides:

    DIALOGUE_DASH = rule("quotes.dialogue-dash", "a line opened by a dash is a quote in dialogue style")
    ...
    if DIALOGUE_DASH: ...

Word lists are rules too (`bot.analysis.lexicon.WordList`): a list switched off is empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_RULES: dict[str, "Rule"] = {}
_OFF: set[str] = set()
_CACHES: list[Callable[[], None]] = []


@dataclass(frozen=True, eq=False)
class Rule:
    """A named decision of the analysis; true while it is switched on."""

    name: str
    doc: str

    def __bool__(self) -> bool:
        return self.name not in _OFF

    @property
    def on(self) -> bool:
        return self.name not in _OFF


def rule(name: str, doc: str) -> Rule:
    """Declares a rule; names are "family.what" in lower case, and unique."""
    if name in _RULES:
        raise ValueError(f"rule {name!r} is declared twice")
    if not name or name != name.lower() or "." not in name or " " in name:
        raise ValueError(f"rule name {name!r}: use 'family.what', lower case, no spaces")
    declared = Rule(name, doc)
    _RULES[name] = declared
    return declared


def all_rules() -> dict[str, Rule]:
    """Every rule declared so far, by name (import `bot.analysis` first to declare them all)."""
    return dict(_RULES)


def cached(clear: Callable[[], None]) -> None:
    """Registers a cache whose results depend on rules: it is cleared whenever a switch moves."""
    _CACHES.append(clear)


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Runs a block with the named rules off (for tests: does an example need this rule?)."""
    unknown = [n for n in names if n not in _RULES]
    if unknown:
        raise KeyError(f"no such rule: {', '.join(unknown)}")
    before = set(_OFF)
    _OFF.update(names)
    _clear_caches()
    try:
        yield
    finally:
        _OFF.clear()
        _OFF.update(before)
        _clear_caches()


def _clear_caches() -> None:
    for clear in _CACHES:
        clear()
