"""Hostile input for the property tests: hypothesis strategies and the checks every rendering must pass.

The pieces are what people and feeds actually send to try a bot: markup and script injection, entities,
mentions that ping everyone, Markdown, control and bidirectional-override characters, zero-width and
combining characters, right-to-left scripts, emoji sequences, format strings, SQL, very long runs.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from bot.core.commands import Reply
from bot.core.digest import Digest
from bot.platforms.console.render import render_digest_plain, render_reply_plain
from bot.platforms.discord.render import render_digest as discord_digest
from bot.platforms.discord.render import render_reply as discord_reply
from bot.platforms.telegram import html as telegram_html
from bot.platforms.telegram import render as render_telegram
from tests.peers.discord_rules import problems as discord_problems

PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</a>", "<b>", "<a href=\"javascript:alert(1)\">",
    "&amp;", "&lt;b&gt;", "&#x3C;", "&nbsp;", "&", "<", ">", "\"", "'",
    "@everyone", "@here", "<@123456789>", "<@&987654321>", "<#42>", "@\u200beveryone",
    "**bold**", "__u__", "~~s~~", "`code`", "```block```", "||spoiler||", "> quote", "# heading",
    "[click](javascript:alert(1))", "[x](https://evil.example)", "\\",
    "\x00", "\x07", "\x1b[31m", "\x1b]0;title\x07", "\r\n", "\t", "\x7f", "\x85",
    "\u202e", "\u202d", "\u2066", "\u200b", "\u200f", "\ufeff", "e\u0301", "\U0001f1fa\U0001f1f3",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467", "مرحبا بالعالم", "שלום", "日本語",
    "%s%n%x", "{0}{1}", "${jndi:ldap://x}", "'; DROP TABLE subscriptions;--", "\" OR 1=1 --",
]

# Characters no rendered text may carry: they rewrite terminals or reorder a line.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

hostile_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=24)), min_size=0, max_size=10
).map("".join)

huge_text = st.sampled_from(["x" * 100_000, "<b>" * 30_000, "@everyone " * 10_000, "\u202e" * 50_000])


def check_plain(text: str) -> None:
    """Console output: no control or bidi-override character survives."""
    bad = FORBIDDEN.search(text.replace("\n", ""))
    assert bad is None, f"control character {bad.group()!r} in console output"


def check_discord(payloads: list[dict[str, Any]]) -> None:
    """Discord messages: within every limit, and pinging no one whatever the text says."""
    assert payloads, "at least one message"
    for payload in payloads:
        assert discord_problems(payload) == [], discord_problems(payload)
        assert payload.get("allowed_mentions") == {"parse": []}
        for text in _texts(payload):
            assert "@everyone" not in text and "@here" not in text, "a raw mass mention"
        for embed in payload.get("embeds") or []:
            assert str(embed.get("url", "https://")).startswith(("https://", "http://")), "only web links are linked"


def _texts(payload: dict[str, Any]) -> list[str]:
    texts = [payload.get("content") or ""]
    for embed in payload.get("embeds") or []:
        texts += [embed.get("title") or "", embed.get("description") or ""]
        texts += [f.get("name", "") + f.get("value", "") for f in embed.get("fields") or []]
    return texts


def check_telegram(messages: list[str]) -> None:
    """Telegram HTML: every message is markup Telegram accepts, within 4096, and links only to web pages."""
    assert messages, "at least one message"
    for html in messages:
        assert telegram_html.check(html) == [], telegram_html.check(html)
        parsed = telegram_html.parse(html)
        check_plain(parsed.text)
        for _words, url in parsed.links():
            assert url.startswith(("https://", "http://")), f"a link to {url[:60]!r}"


def check_reply_renders(reply: Reply) -> None:
    """A command's reply renders validly on every platform Communiqué has a renderer for."""
    check_plain(render_reply_plain(reply))
    check_discord(discord_reply(reply))
    check_telegram(render_telegram.render_reply(reply))


def check_digest_renders(digest: Digest) -> None:
    check_plain(render_digest_plain(digest))
    check_discord(discord_digest(digest))
    check_telegram(render_telegram.render_digest(digest))
