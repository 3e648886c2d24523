"""Discord's connection through the proxy the environment names, as sources and Telegram already go.

Why: behind a proxy the operator sets `HTTPS_PROXY`; discord.py reads no environment variable, so Discord alone
went directly and, where only the proxy leads out, never connected. The proxy here is a real forward proxy on
127.0.0.1 (it records what passes and relays it to the Discord peer), so the test sees the bot's requests go
through it.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from urllib.parse import urlsplit

import pytest

from bot.config import Config
from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime
from tests.discord.conftest import CHANNEL, FAST_LIMITS, discord_config
from tests.peers.fake_discord import FakeDiscord


class ForwardProxy:
    """An HTTP forward proxy: reads a request in absolute form, relays the connection to its host, and keeps every
    byte the client sent (request lines and headers included)."""

    def __init__(self) -> None:
        self.seen = bytearray()
        self.connections = 0
        self.port = 0

    async def _relay(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, record: bool) -> None:
        with suppress(ConnectionError):
            while data := await src.read(65536):
                if record:
                    self.seen += data
                dst.write(data)
                await dst.drain()
        dst.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        head = await reader.readuntil(b"\r\n\r\n")
        self.seen += head
        target = urlsplit(head.split(b" ")[1].decode())
        up_reader, up_writer = await asyncio.open_connection(target.hostname, target.port or 80)
        up_writer.write(head)
        await asyncio.gather(self._relay(reader, up_writer, True), self._relay(up_reader, writer, False))

    @asynccontextmanager
    async def running(self) -> AsyncIterator[ForwardProxy]:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        async with server:
            yield self


async def started(config: Config, fake: FakeDiscord) -> DiscordPlatform:
    platform = DiscordPlatform(config.discord, fake.token, connect_gateway=False, limits=FAST_LIMITS)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600)
    runtime.db.conn.close()  # only its commands are needed: nothing here is stored
    await platform.start(runtime.commands)
    return platform


async def test_discord_goes_through_the_proxy_the_environment_names(
    fake_discord: FakeDiscord, make_config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async with ForwardProxy().running() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://ops:Wq9-proxy-pass@127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with caplog.at_level(logging.INFO):
            platform = await started(discord_config(make_config, fake_discord), fake_discord)
        try:
            outcome = await platform.send(CHANNEL, {"content": "Through the proxy"})
        finally:
            await platform.stop()
        assert type(outcome).__name__ == "Sent", outcome
        assert [m["content"] for m in fake_discord.messages(CHANNEL)] == ["Through the proxy"]
        seen = bytes(proxy.seen)
        assert b"/users/@me" in seen and f"/channels/{CHANNEL}/messages".encode() in seen, seen[:400]
        assert b"Proxy-Authorization: Basic " + base64.b64encode(b"ops:Wq9-proxy-pass") in seen
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert f"Discord connects through the proxy at 127.0.0.1:{proxy.port}" in said, said
    assert "Wq9-proxy-pass" not in said, "the proxy's password never reaches the log"


async def test_no_proxy_keeps_discord_direct(fake_discord: FakeDiscord, make_config,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    async with ForwardProxy().running() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"127.0.0.1:{proxy.port}")
        monkeypatch.setenv("NO_PROXY", "localhost, 127.0.0.0/8")
        platform = await started(discord_config(make_config, fake_discord), fake_discord)
        try:
            await platform.send(CHANNEL, {"content": "Directly"})
        finally:
            await platform.stop()
    assert [m["content"] for m in fake_discord.messages(CHANNEL)] == ["Directly"]
    assert proxy.connections == 0


async def test_a_socks_proxy_is_said_and_discord_connects_directly(
    fake_discord: FakeDiscord, make_config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1")
    with caplog.at_level(logging.INFO):
        platform = await started(discord_config(make_config, fake_discord), fake_discord)
    try:
        await platform.send(CHANNEL, {"content": "Directly"})
    finally:
        await platform.stop()
    assert [m["content"] for m in fake_discord.messages(CHANNEL)] == ["Directly"]
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "Discord cannot go through the socks5 proxy at 127.0.0.1:1 (an HTTP proxy only)" in said, said
