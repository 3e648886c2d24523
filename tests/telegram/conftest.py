"""Fixtures for Communiqué's Telegram tests: one running Bot API peer per session, reset before each test."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest

# The peer's Python side lives in tests/peers; make the repository root importable however pytest was started.
_REPO = Path(__file__).resolve().parents[2]
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from telegram import Bot  # noqa: E402
from telegram.ext import Application, BaseHandler  # noqa: E402

from tests.peers.telegram_peer import BotRunner, TelegramPeer, running_peer  # noqa: E402

POLL_TIMEOUT = 1  # seconds a getUpdates long-poll may wait; the peer answers as soon as an update arrives


@pytest.fixture(scope="session")
def telegram_peer_session() -> Iterator[TelegramPeer]:
    """The peer process, started once per test session (about a second) and stopped at the end."""
    with running_peer() as peer:
        yield peer


@pytest.fixture
def telegram_peer(telegram_peer_session: TelegramPeer) -> TelegramPeer:
    """The session's peer with a clean slate: no chats, messages, faults, latency or logged calls."""
    telegram_peer_session.reset()
    return telegram_peer_session


@asynccontextmanager
async def _running_bot(peer: TelegramPeer, handlers: Sequence[BaseHandler] = (), **builder: object
                      ) -> AsyncIterator[Application]:
    """A real python-telegram-bot Application polling the peer, with the given handlers, stopped on exit."""
    app_builder = Application.builder().token(peer.token).base_url(peer.base_url)
    for name, value in builder.items():
        app_builder = getattr(app_builder, name)(value)
    app = app_builder.build()
    for handler in handlers:
        app.add_handler(handler)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.05, timeout=POLL_TIMEOUT)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
def run_bot(telegram_peer: TelegramPeer) -> BotRunner:
    """`async with run_bot([handlers]) as app:` runs a real PTB bot against the clean peer for the block.

    Keyword arguments call the ApplicationBuilder method of that name (`read_timeout=0.5`...).
    """

    def factory(handlers: Sequence[BaseHandler] = (), **builder: object) -> AbstractAsyncContextManager[Application]:
        return _running_bot(telegram_peer, handlers, **builder)

    return factory


@pytest.fixture
async def tg_bot(telegram_peer: TelegramPeer) -> AsyncIterator[Bot]:
    """A real, initialized python-telegram-bot `Bot` talking to the clean peer (for direct API calls)."""
    async with Bot(telegram_peer.token, base_url=telegram_peer.base_url) as bot:
        yield bot


# ---- Communiqué itself on the peer (the end-to-end and delivery tests) ----

from tests.telegram.world import TelegramWorld, ingest_template, running_world  # noqa: E402

WorldRunner = Callable[..., AbstractAsyncContextManager[TelegramWorld]]


@pytest.fixture(scope="session")
def world_template(telegram_peer_session: TelegramPeer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented sources fetched and analysed once per session; each test runs on a copy of the database."""
    import asyncio

    return asyncio.run(ingest_template(tmp_path_factory.mktemp("telegram-world"), telegram_peer_session))


@pytest.fixture
def world(telegram_peer: TelegramPeer, world_template: Path, tmp_path: Path) -> WorldRunner:
    """`async with world() as w:` runs Communiqué (Runtime + TelegramPlatform) on the clean peer for the block.

    Keyword arguments go to `running_world` (extra config text, sender policy, platform options...).
    """

    def factory(**options: object) -> AbstractAsyncContextManager[TelegramWorld]:
        return running_world(telegram_peer, world_template, tmp_path, **options)  # type: ignore[arg-type]

    return factory
