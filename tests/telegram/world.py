"""A small world for Communiqué's Telegram end-to-end tests: sources with invented stories, a config pointing at
the test peer, and the real `Runtime` with the real `TelegramPlatform` running on it.

All story text here is invented for the tests. The titles include what a hostile feed could send (markup
characters, an unclosed tag, emoji, right-to-left text), so every digest the tests see also exercises escaping.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.config import Config, load_config
from bot.delivery.sender import SenderPolicy
from bot.ingest.pipeline import Ingestor
from bot.platforms.telegram.platform import TelegramPlatform
from bot.runtime import Runtime
from storage import connect
from tests.factories import BASE_TIME, Item, rss, story
from tests.helpers import wait_until
from tests.peers.telegram_peer import BotMessage, TelegramPeer

OPERATOR = 4242  # the operator's user id (and so their private chat's id)
FAST = SenderPolicy(base_delay=0.05, max_delay=0.2, refusal_delay=0.05, deactivate_after=3)

# Invented stories, each its own (so none is taken for another's syndicated copy). Titles carry characters that
# must be escaped ("<", "&"), emoji and Arabic script, so every digest in these tests also checks escaping.
MINISTRY_STORIES = [
    ("Velmora & Kestria agree the Orlen crossing opens in < 10 days", [
        "Velmora pledged on Monday to reopen the Orlen crossing within ten days, after two days of talks chaired "
        "by the United Nations in Geneva.",
        "“We came to open a road, not to close a file,” Foreign Minister Ana Kovač told reporters after the "
        "session.",
        "Kestrian negotiators said they would publish the customs annex before the end of the month.",
    ]),
    ("Aldmark hosts a second round 🕊️ of ceasefire talks — محادثات السلام", [
        "Aldmark opened its lakeside conference hall on Tuesday for a second round of ceasefire talks between "
        "the northern militias and the provincial government.",
        "“Every hour at this table is an hour without shelling,” mediator Henrik Vass said before the doors closed.",
        "Both delegations promised to exchange lists of detainees by Friday.",
    ]),
    ("Envoys leave Tarnic without a deal on fishing rights", [
        "Envoys from three coastal states left Tarnic late on Wednesday without agreeing on quotas for the "
        "disputed shoals.",
        "“The fish do not wait for our paperwork,” said Iva Brandt, who led the southern delegation.",
        "Officials said technical teams would meet again in the spring to compare catch records.",
    ]),
    ("UN mediator names a date for the next round on grain transit", [
        "The United Nations mediator for the grain corridor announced on Thursday that talks would resume on "
        "the fourteenth of next month in Lirenne.",
        "“Ships are loaded and waiting; the signatures are what is missing,” Goran Lisac told the Security Council.",
        "The rail operators committed to publishing a joint timetable within two weeks.",
    ]),
]
HARBOUR_STORIES = [
    ("Harbour authorities sign the subsea cable memorandum", [
        "Port authorities of Maren and Halvik signed a memorandum on Friday to lay a subsea power cable across "
        "the strait by 2028.",
        "“Light on both shores from one line,” harbour master Marta Aalto said at the signing.",
        "Maren pledged to fund the landing station on its side before the end of next year.",
    ]),
    ("Port of Maren reopens to grain wagons after two weeks", [
        "Rail traffic into the port of Maren resumed on Saturday after a two-week halt caused by a dispute over "
        "inspection fees.",
        "“The wagons are rolling and the inspectors are paid,” transport minister Dragan Mirić said.",
        "The customs office promised to clear the backlog of four hundred wagons within ten days.",
    ]),
]
MINISTRY_TITLES = [title for title, _ in MINISTRY_STORIES]
HARBOUR_TITLES = [title for title, _ in HARBOUR_STORIES]


def ministry_items(count: int = len(MINISTRY_STORIES)) -> list[Item]:
    """The invented ministry stories; beyond the four, more invented ones (for stories arriving later)."""
    listed = [
        Item(title=title, link=f"https://ministry.example/press/{n}", paragraphs=paragraphs,
             published=BASE_TIME - timedelta(hours=n))
        for n, (title, paragraphs) in enumerate(MINISTRY_STORIES[:count])
    ]
    for n in range(len(MINISTRY_STORIES), count):
        listed.append(Item(title=late_title(n), link=f"https://ministry.example/press/{n}",
                           paragraphs=story(n, actor="Serava"), published=BASE_TIME + timedelta(hours=n)))
    return listed


def late_title(n: int) -> str:
    return f"Serava offers to host border commission meeting number {n}"


def harbour_items() -> list[Item]:
    return [
        Item(title=title, link=f"https://harbour.example/news/{n}", paragraphs=paragraphs,
             published=BASE_TIME - timedelta(hours=n, minutes=30))
        for n, (title, paragraphs) in enumerate(HARBOUR_STORIES)
    ]


def config_text(folder: Path, feeds: Path, peer: TelegramPeer, *, extra: str = "") -> str:
    """A config as an operator writes it, with the Bot API address pointing at the peer."""
    return (
        f'[storage]\npath = "{folder / "communique.db"}"\n'
        '[fetch]\nfetch_full_text = false\n'
        f'[telegram]\napi_base_url = "{peer.base_url}"\noperators = [{OPERATOR}]\npoll_interval = 0.05\n'
        '[[sources]]\nname = "Ministry Wire"\n'
        f'url = "{feeds / "ministry.xml"}"\ntags = ["borders", "un"]\n'
        '[[sources]]\nname = "Harbour Post"\n'
        f'url = "{feeds / "harbour.xml"}"\ntags = ["trade"]\n'
        f"{extra}"
    )


def write_feeds(feeds: Path) -> None:
    feeds.mkdir(parents=True, exist_ok=True)
    (feeds / "ministry.xml").write_bytes(rss(ministry_items(), title="Ministry Wire"))
    (feeds / "harbour.xml").write_bytes(rss(harbour_items(), title="Harbour Post"))


async def ingest_template(folder: Path, peer: TelegramPeer) -> Path:
    """Fetch and analyse the invented feeds once into a database file that each test then copies."""
    feeds = folder / "feeds"
    write_feeds(feeds)
    (folder / "config.toml").write_text(config_text(folder, feeds, peer))
    config = load_config(folder / "config.toml")
    db = connect(config.storage.path)
    ingestor = Ingestor(db, config)
    ingestor.sync_sources()
    await ingestor.run(only_due=False)
    db.conn.close()  # the last connection checkpoints the WAL into the file
    return folder


@dataclass
class TelegramWorld:
    """A running Communiqué on the peer, and the ways a test talks to it."""

    peer: TelegramPeer
    runtime: Runtime
    platform: TelegramPlatform
    config_path: Path
    feeds: Path

    @property
    def db(self) -> sqlite_utils.Database:
        return self.runtime.db

    async def command(self, chat_id: int, text: str, *, user_id: int | None = None, count: int = 1,
                      timeout: float = 10.0) -> list[BotMessage]:
        """A user sends a command; returns the `count` messages the bot then sends to that chat."""
        before = len(self.peer.bot_messages(chat_id))
        self.peer.send_command(chat_id, text, user_id=user_id)
        return (await self.peer.await_bot_messages(chat_id, count=before + count, timeout=timeout))[before:]

    async def channel_post(self, channel_id: int, text: str, *, count: int = 1, timeout: float = 10.0
                           ) -> list[BotMessage]:
        before = len(self.peer.bot_messages(channel_id))
        self.peer.post_in_channel(channel_id, text)
        return (await self.peer.await_bot_messages(channel_id, count=before + count, timeout=timeout))[before:]

    async def messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[BotMessage]:
        """All the bot's messages in a chat once there are `count` of them."""
        return await self.peer.await_bot_messages(chat_id, count=count, timeout=timeout)

    async def quiet(self, chat_id: int, seconds: float = 0.5) -> list[BotMessage]:
        """What the bot sent to a chat after waiting a little: for checking that nothing (more) arrives."""
        await asyncio.sleep(seconds)
        return self.peer.bot_messages(chat_id)


@asynccontextmanager
async def running_world(peer: TelegramPeer, template: Path, folder: Path, *, extra_config: str = "",
                        policy: SenderPolicy = FAST, tick_seconds: float = 3600.0,
                        platform_options: dict[str, Any] | None = None,
                        prepare: Callable[[Config, sqlite_utils.Database], None] | None = None,
                        restart: bool = False) -> AsyncIterator[TelegramWorld]:
    """Communiqué running on a copy of the template database, through the real PTB Application and the peer.

    `restart=True` runs it again on the database the last run in `folder` left (a restart, not a fresh copy).
    """
    feeds = folder / "feeds"
    if not restart:
        shutil.copy(template / "communique.db", folder / "communique.db")
        shutil.copytree(template / "feeds", feeds)
        with sqlite3.connect(folder / "communique.db") as conn:  # the copy's sources read the copied feeds
            conn.execute("UPDATE sources SET url = replace(url, ?, ?)", [str(template / "feeds"), str(feeds)])
        conn.close()
    path = folder / "config.toml"
    path.write_text(config_text(folder, feeds, peer, extra=extra_config))
    config = load_config(path)
    assert config.telegram is not None
    # One bot on the peer: no other program polls with its token, so its first digest need not wait to hear of one
    # (START_SETTLE; tests/reliability/test_second_bot.py runs two bots as processes).
    options = {"settle": 0.0, **(platform_options or {})}
    platform = TelegramPlatform(config.telegram, peer.token, poll_timeout=1, **options)
    runtime = Runtime(config, {"telegram": platform}, tick_seconds=tick_seconds, policy=policy)
    if prepare is not None:
        prepare(config, runtime.db)
    await runtime.start()
    try:
        await wait_until(lambda: platform.ready, "the platform connects")
        yield TelegramWorld(peer, runtime, platform, path, feeds)
    finally:
        await runtime.stop()
        runtime.db.conn.close()
