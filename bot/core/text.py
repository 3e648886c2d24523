"""Small text helpers every layer shares."""

from __future__ import annotations


def printable(text: str, limit: int) -> str:
    """`text` without unprintable characters, cut to `limit` with an ellipsis (for echoing user input)."""
    cleaned = "".join(ch for ch in text if ch.isprintable())
    return cleaned[:limit] + ("…" if len(cleaned) > limit else "")
