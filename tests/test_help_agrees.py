"""/help lists what the commands take; each word it lists is taken, as the reader typing it from /help means it.

Read from the /help reply itself (not from the specs behind it), so a form /help names and a command does not
read (or reads as something else: a day searched as a keyword, a status taken for an actor's name) fails here.
`/pledges today` listed in no usage line and Discord's status option not offering it were found this way.
"""

from __future__ import annotations

import re

import pytest

from bot.core.commands import Invocation, Reply
from bot.runtime import Runtime
from tests.helpers import RecordingPlatform, add_articles


@pytest.fixture
def runtime(make_config):
    config = make_config(
        sources=[{"name": "Ministry", "url": "https://ministry.example/feed", "tags": ["borders"]}],
        telegram={"operators": [42]},
    )
    rt = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    rt.ingestor.sync_sources()
    add_articles(rt.db, 3)
    yield rt
    rt.db.conn.close()


async def run(runtime: Runtime, text: str) -> Reply:
    name, *args = text.lstrip("/").split()
    return await runtime.run_command(Invocation(platform="telegram", chat_id="100", chat_kind="private",
                                                user_id="7", command=name, args=args))


async def help_line(runtime: Runtime, command: str) -> str:
    reply = await run(runtime, "/help")
    return next(line for line in reply.sections[0].lines if line.startswith(f"/{command} "))


async def test_every_day_help_lists_for_latest_is_read_as_a_day(runtime: Runtime) -> None:
    line = await help_line(runtime, "latest")
    listed = re.search(r"day: ([^)]*)\)", line)
    assert listed, f"/help says which days /latest takes: {line}"
    forms = [form.strip() for form in listed.group(1).split("|")]
    assert {"today", "yesterday", "last week", "since monday"} <= set(forms), forms
    for form in forms:
        reply = await run(runtime, f"/latest {form}")
        assert not reply.error and reply.digest is not None, f"/latest {form}: {reply.text}"
        assert " on " not in reply.digest.heading, f"/latest {form} was searched: {reply.digest.heading}"


async def test_every_status_help_lists_for_pledges_is_read_as_one(runtime: Runtime) -> None:
    line = await help_line(runtime, "pledges")
    listed = re.search(r"\[((?:[a-z ]+\|)+[a-z ]+)\]", line)
    assert listed, f"/help lists the statuses /pledges takes: {line}"
    words = listed.group(1).split("|")
    assert {"open", "due", "kept", "today", "this week"} <= set(words), words
    for word in words:
        reply = await run(runtime, f"/pledges {word}")
        said = reply.text + " ".join(s.title or "" for s in reply.sections)
        assert not reply.error and f"by {word}" not in said, f"/pledges {word} read the word as a name: {said}"


async def test_every_choice_help_shows_for_subscribe_and_settings_is_taken(runtime: Runtime) -> None:
    for command, words in (("subscribe", ("since 24h", "since 7d", "since none")),
                           ("settings", ("mode daily", "mode instant"))):
        line = await help_line(runtime, command)
        for typed in words:
            assert typed.split()[1] in line, f"/help shows {typed}: {line}"
            reply = await run(runtime, f"/{command} {typed}")
            assert not reply.error, f"/{command} {typed}: {reply.text}"
