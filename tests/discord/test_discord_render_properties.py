"""Properties of the Discord renderer over generated digests: every message within Discord's limits, every
story exactly once and in order, no article text able to ping or to format, titles and links never lost."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis.model import Pledge, Quote
from bot.core.commands import Reply, Section
from bot.core.digest import AlsoReported, Digest, Story
from bot.platforms.discord.render import EPHEMERAL_FLAG, link_target, render_digest, render_reply
from tests.peers.discord_rules import problems as discord_problems

HOSTILE_PIECES = [
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@&223456789012345678>",
    "[x](http://evil.example)",
    "**",
    "__",
    "~~",
    "`",
    "```",
    "||",
    "> ",
    "# ",
    "\\",
    "\n",
    "🇺🇳",
    "👩🏽\u200d⚖\ufe0f",
    "سلام",
    "\u202e",
    "e\u0301",
]

words = st.one_of(st.text(min_size=0, max_size=40), st.sampled_from(HOSTILE_PIECES))
text = st.lists(words, max_size=20).map(" ".join)
long_text = st.one_of(text, st.builds(lambda t, n: t * n, text, st.integers(1, 400)))
urls = st.one_of(
    st.sampled_from(
        ["https://news.example.org/a", "http://x.example/b?c=(d)", "javascript:alert(1)", "", "ftp://f.example/"]
    ),
    st.text(max_size=60).map(lambda t: "https://example.org/" + t),
)
quotes = st.builds(Quote, st.one_of(st.none(), text), long_text)
pledges = st.builds(Pledge, text, long_text, text, st.one_of(st.none(), text))
others = st.builds(AlsoReported, text, urls)
times = st.one_of(
    st.none(), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
)


stories = st.builds(
    Story,
    article_id=st.just(0),
    title=long_text,
    url=urls,
    source=text,
    published=times,
    summary=st.lists(long_text, max_size=4),
    quotes=st.lists(quotes, max_size=3),
    pledges=st.lists(pledges, max_size=7),
    also_reported_by=st.lists(others, max_size=8),
)


@st.composite
def digests(draw: st.DrawFn) -> Digest:
    """A digest of up to 40 stories (drawn from up to 5 generated ones, to keep generation fast) whose titles
    start with a marker (S<index>Z) so each story can be found in the output."""
    pool = draw(st.lists(stories, min_size=1, max_size=5))
    count = draw(st.integers(0, 40))
    chosen = [pool[i % len(pool)] for i in range(count)]
    numbered = [replace(s, article_id=i, title=f"S{i}Z {s.title}") for i, s in enumerate(chosen)]
    return Digest(draw(text), numbered, draw(text))


def texts_of(message: dict[str, Any]) -> list[str]:
    """Every string of a message a reader could see."""
    found = [message.get("content") or ""]
    for embed in message["embeds"]:
        found += [embed.get("title", ""), embed.get("description", ""), embed.get("footer", {}).get("text", "")]
        for item in embed.get("fields", []):
            found += [item["name"], item["value"]]
    return found


COMMON = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@COMMON
@given(digests())
def test_every_message_is_within_discords_limits(digest: Digest) -> None:
    messages = render_digest(digest)
    assert messages, "a digest always sends at least one message"
    for message in messages:
        assert discord_problems(message) == [], [str(v) for v in discord_problems(message)]
        assert message["allowed_mentions"] == {"parse": []}
        json.dumps(message)


@COMMON
@given(digests())
def test_every_story_appears_exactly_once_in_order_with_its_link(digest: Digest) -> None:
    embeds = [embed for message in render_digest(digest) for embed in message["embeds"]]
    assert len(embeds) == len(digest.stories)
    for index, (embed, story) in enumerate(zip(embeds, digest.stories, strict=True)):
        assert embed["title"].startswith(f"S{index}Z")
        assert embed.get("url") == link_target(story.url)


@COMMON
@given(digests())
def test_no_article_text_can_ping_or_be_a_mention(digest: Digest) -> None:
    for message in render_digest(digest):
        for shown in texts_of(message):
            assert not re.search(r"@(everyone|here)|<[@#]", shown), shown


@COMMON
@given(
    st.builds(
        Reply,
        text=long_text,
        sections=st.lists(st.builds(Section, st.one_of(st.none(), text), st.lists(long_text, max_size=30)), max_size=4),
        ephemeral=st.booleans(),
    )
)
def test_every_reply_message_is_within_limits(reply: Reply) -> None:
    messages = render_reply(reply)
    assert messages
    for message in messages:
        assert discord_problems(message) == []
        assert bool(message.get("flags", 0) & EPHEMERAL_FLAG) == reply.ephemeral
        for shown in texts_of(message):
            assert not re.search(r"@(everyone|here)|<[@#]", shown)
