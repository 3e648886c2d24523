"""/status and /sources count sources in plain words ("the source is OK", "1 source", never "1 sources")."""

from __future__ import annotations

from bot.core.commands import Invocation
from bot.runtime import Runtime
from tests.helpers import RecordingPlatform


def status_for(make_config, sources: list[dict]) -> tuple[str, str]:
    config = make_config(sources=sources, telegram={"operators": [42]})
    runtime = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    runtime.ingestor.sync_sources()

    async def run(command: str) -> str:
        reply = await runtime.run_command(Invocation(platform="telegram", chat_id="42", chat_kind="private",
                                                     user_id="42", command=command))
        return " | ".join([reply.text] + [f"{s.title}: {'; '.join(s.lines)}" for s in reply.sections])

    import asyncio

    try:
        return asyncio.run(run("status")), asyncio.run(run("sources"))
    finally:
        runtime.db.conn.close()


def test_one_source_is_counted_in_words(make_config) -> None:
    status, sources = status_for(make_config, [{"name": "Ministry", "url": "https://ministry.example/feed"}])
    assert "the source is OK" in status and "1 sources" not in status
    assert "follows 1 source:" in sources


def test_several_sources_are_counted(make_config) -> None:
    status, sources = status_for(make_config, [{"name": "A", "url": "https://a.example/feed"},
                                               {"name": "B", "url": "https://b.example/feed"}])
    assert "all 2 sources OK" in status and "follows 2 sources:" in sources
