"""What a config asks of ingest that would fail on every fetch: found before the bot runs (`check-config`).

Loading a config checks each value on its own; these checks need the disk or the fetcher's rules: a local feed file
that is not there, a source on an address fetch refuses, a config with no source at all. Each problem reads like a
config error (where, key, value, what is wrong) so `check-config` reports them together.
"""

from __future__ import annotations

from pathlib import Path

from bot.config import Config
from bot.ingest.fetch import refused_without_lookup
from bot.redact import redact

# A config with nothing to fetch: refused alike by check-config, `run` at its start, `fetch` and a reload (an empty
# file, as a save on a full disk leaves one, is the usual way to meet it).
NO_SOURCES = "no [[sources]]: the bot has nothing to fetch; add a [[sources]] block (see config.example.toml)"


def source_problems(config: Config) -> list[str]:
    """Every source that fetch would refuse or not find, and a config with nothing to fetch. (A feed two sources
    have is a warning, `Config.shared_feeds`, said alike by check-config, run and a reload.)"""
    if not config.sources:
        return [NO_SOURCES]
    problems = []
    for index, source in enumerate(config.sources, start=1):
        # The password of an address left out; the block's number as the file has it (one in error before it is
        # not in `config.sources`).
        where = redact(f"[[sources]] #{source.block or index} 'url' = {source.url!r}")
        if source.is_local:
            path = Path(config.resolve_source(source))
            if not path.exists():
                problems.append(f"{where}: no such file ({path})")
            elif not path.is_file():
                problems.append(f"{where}: a folder, not a feed file ({path})")
            continue
        reason = None if config.fetch.allow_private_addresses else refused_without_lookup(source.url)
        if reason:
            problems.append(
                f"{where}: {reason}, which fetch refuses; set [fetch] allow_private_addresses = true to allow it"
            )
    return problems
