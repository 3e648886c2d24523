"""Digest composition details a reader notices."""

from __future__ import annotations

from bot.analysis.model import Quote
from bot.core.digest import Story


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
    assert story(["“Repeated here,” she said."], [only]).key_quote == only  # the quote line says who "she" is


def test_a_quote_the_summary_gives_with_its_speaker_is_not_shown_again() -> None:
    """The digest's summary sentence already has the words and the speaker's name: a quote line under it would repeat
    the line above word for word."""
    only = Quote("Ana Kovač", "We will reopen the crossing within 30 days")
    assert story(["“We will reopen the crossing within 30 days,” Kovač said on Monday."], [only]).key_quote is None
    assert story(["“We will reopen the crossing within 30 days,” Kovačević said."], [only]).key_quote == only


def test_every_renderer_says_how_many_more_stories_matched() -> None:
    from bot.core.digest import Digest
    from bot.platforms.console.render import render_digest_plain
    from bot.platforms.discord import render as render_discord
    from bot.platforms.telegram import render as render_telegram
    from tests.peers.discord_rules import problems as discord_problems

    digest = Digest("Communiqué digest", [story(["One sentence."], [])], note="12 more stories matched; send /latest 20 to see more.")
    assert "12 more stories matched" in render_digest_plain(digest)
    assert "12 more stories matched" in render_telegram.render_digest(digest)[-1]
    assert "12 more stories matched" in render_discord.render_digest(digest)[-1]["content"]
    assert not discord_problems(render_discord.render_digest(digest)[-1])


def test_a_line_opening_keeps_every_name_particle_the_analysis_reads_in_lower_case() -> None:
    """A pledge's actor opens its line with a capital unless it opens with a surname's particle. The digest kept a
    list of particles of its own, beside the analysis' word list, and the two differed: "bint Salem" opened a line
    as "Bint Salem" while the analysis read "bint" inside the name, and the analysis did not know "del" or "zu"."""
    from bot.analysis.lexicon import NAME_PARTICLES
    from bot.core.text import line_opening

    assert {"bint", "ben", "del", "zu", "van"} <= set(NAME_PARTICLES)
    for particle in NAME_PARTICLES:
        assert line_opening(f"{particle} Corvo's ministry") == f"{particle} Corvo's ministry", particle
    assert line_opening("both governments") == "Both governments"
