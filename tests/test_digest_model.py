"""Digest composition details a reader notices."""

from __future__ import annotations

from bot.analysis.model import Quote
from bot.digest.model import Story


def story(summary: list[str], quotes: list[Quote]) -> Story:
    return Story(article_id=1, title="T", url="https://x.example/1", source="S", published=None, summary=summary, quotes=quotes)


def test_key_quote_is_not_a_repeat_of_the_summary() -> None:
    in_summary = Quote("Ana Kovač", "We will reopen the crossing within 30 days")
    fresh = Quote("Henrik Vass", "Our answer will come in writing")
    chosen = story(["“We will reopen the crossing within 30 days,” Kovač said."], [in_summary, fresh]).key_quote
    assert chosen == fresh


def test_key_quote_prefers_attributed_and_falls_back() -> None:
    anonymous = Quote(None, "This is a long unattributed remark")
    named = Quote("Ana Kovač", "A long remark with a speaker")
    assert story([], [anonymous, named]).key_quote == named
    assert story([], [anonymous]).key_quote == anonymous
    assert story([], []).key_quote is None
    only = Quote("Ana Kovač", "Repeated here")
    assert story(["“Repeated here,” she said."], [only]).key_quote == only
