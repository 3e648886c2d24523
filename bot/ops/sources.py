"""OPML feeds into the config file, and the config's sources out as OPML.

Imported feeds are written into the config file as `[[sources]]` blocks, because the config stays the one place
an operator edits and reads: nothing lives in the database that the file does not show, a running bot applies
the change by its file watch, and the next edit by hand sees the imported sources like any other. The blocks go
right after the last `[[sources]]` block (at the end when there is none), so nothing the operator wrote moves or
loses a comment. The new text is loaded and validated as a whole before the file is replaced (atomically, with
its permissions kept); if anything about it is wrong, the file is left as it was.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import BUNDLED_DEMO_CONFIG, Config, ConfigError, parse_config, same_feed_key, utf8_text
from bot.core.errors import CommuniqueError
from bot.core.settings import name_key
from bot.ingest.fetch import refused_without_lookup
from bot.opml import Feed, toml_blocks

_HEADER = re.compile(r"^\s*\[")
_SOURCES_HEADER = re.compile(r"^\s*\[\[\s*sources\s*\]\]")
_KEEP_WITH_NEXT = re.compile(r"^\s*(#.*)?$")  # blank lines and comments belong to what follows them


class SourcesImportError(CommuniqueError):
    """The feeds cannot be written into the config file; nothing was changed."""


@dataclass
class ImportPlan:
    """What an import does: the feeds it adds (names made unique), those the config already follows, renames."""

    added: list[Feed] = field(default_factory=list)
    already: list[tuple[Feed, str]] = field(default_factory=list)  # (feed, the configured source's name)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (name in the OPML, name given)
    refused: list[tuple[Feed, str]] = field(default_factory=list)  # (feed, why fetch refuses its address)


def plan_import(config: Config, feeds: list[Feed]) -> ImportPlan:
    """Which feeds are added (under which name), which the config follows already, and which fetch would refuse:
    a feed on a loopback or private address, written into the config, made `check-config` fail and failed at
    every fetch; it is left out and said, unless the operator allows such addresses."""
    plan = ImportPlan()
    followed = {same_feed_key(s.url): s.name for s in config.sources if not s.is_local}
    names = {name_key(s.name) for s in config.sources}  # as the config tells names apart
    for feed in feeds:
        key = same_feed_key(feed.url)
        if key in followed:
            plan.already.append((feed, followed[key]))
            continue
        refused = None if config.fetch.allow_private_addresses else refused_without_lookup(feed.url)
        if refused:
            plan.refused.append((feed, refused))
            continue
        name = feed.name
        if name_key(name) in names:
            host = urlsplit(feed.url).hostname or "feed"
            name = candidate = f"{feed.name} ({host})"
            number = 2
            while name_key(name) in names:
                name = f"{candidate} {number}"
                number += 1
            plan.renamed.append((feed.name, name))
        names.add(name_key(name))
        followed[key] = name
        plan.added.append(Feed(name=name, url=feed.url, tags=feed.tags))
    return plan


def insert_sources(text: str, blocks: str) -> str:
    """`text` with `blocks` after its last `[[sources]]` block, or at its end when it has none."""
    lines = text.splitlines(keepends=True)
    last = max((i for i, line in enumerate(lines) if _SOURCES_HEADER.match(line)), default=None)
    if last is None:
        return text + ("" if not text or text.endswith("\n") else "\n") + "\n" + blocks
    end = next((i for i in range(last + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    while end > last + 1 and _KEEP_WITH_NEXT.match(lines[end - 1]):
        end -= 1
    before, after = "".join(lines[:end]), "".join(lines[end:])
    if before and not before.endswith("\n"):
        before += "\n"
    return before + "\n" + blocks + ("\n" if after and not after.startswith("\n") else "") + after


def _checked(text: str, path: Path, config: Config, added: list[Feed]) -> bool:
    """Whether `text` is a valid config that is `config` plus exactly the added sources."""
    try:
        new = parse_config(tomllib.loads(text), path)
    except (tomllib.TOMLDecodeError, ConfigError):
        return False
    expected = [(s.name, s.url, s.tags) for s in config.sources] + [(f.name, f.url, f.tags) for f in added]
    if [(s.name, s.url, s.tags) for s in new.sources] != expected:
        return False
    return all(getattr(new, f) == getattr(config, f) for f, declared in config.__dataclass_fields__.items()
               if f != "sources" and declared.compare)  # not `read_as`, the file's time when the command read it


def import_into_config(config: Config, feeds: list[Feed]) -> ImportPlan:
    """Add the feeds the config does not follow yet to its file; returns what was done."""
    path = config.path
    if path is None or path.resolve() == BUNDLED_DEMO_CONFIG.resolve():
        raise SourcesImportError(
            "there is no config file of yours to add the sources to (the bundled demo config is in use): create "
            "one with `cp config.example.toml config.toml`, or pass --config PATH; --dry-run prints them instead"
        )
    plan = plan_import(config, feeds)
    if not plan.added:
        return plan
    try:
        text = utf8_text(path.read_bytes())  # as load_config reads it: a byte-order mark is no TOML
    except OSError as exc:
        raise SourcesImportError(f"cannot read {path}: {exc.strerror or exc}") from None
    # The file as it is now, not as the command read it at its start: another operator may have saved an edit since
    # (then the import adds to theirs, and is planned again against it).
    try:
        current = parse_config(tomllib.loads(text), path)
    except (tomllib.TOMLDecodeError, ConfigError) as exc:
        raise SourcesImportError(f"{path} changed while the import ran and is not a valid config now ({exc}); "
                                 "nothing was changed: fix it, then import again") from None
    if current != config:
        config, plan = current, plan_import(current, feeds)
        if not plan.added:
            return plan
    blocks = toml_blocks(plan.added)
    new_text = insert_sources(text, blocks)
    if not _checked(new_text, path, config, plan.added):
        new_text = text + ("" if text.endswith("\n") else "\n") + "\n" + blocks
        if not _checked(new_text, path, config, plan.added):
            raise SourcesImportError(f"{path} would not stay a valid config with these sources; nothing was changed")
    _replace(path, new_text)
    return plan


def _replace(path: Path, text: str) -> None:
    """Write the file anew in one step: a crash leaves the old file or the new one, never half of it.

    The new file keeps the old one's owner, group and mode: a config that is root's, group communique, 0640 (the
    systemd layout) written anew by root as root:root could no longer be read by the bot it configures.
    """
    try:
        info = path.stat()
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            made = os.stat(temporary)
            if (made.st_uid, made.st_gid) != (info.st_uid, info.st_gid):
                try:
                    os.chown(temporary, info.st_uid, info.st_gid)
                except PermissionError:
                    raise SourcesImportError(
                        f"cannot write {path} anew with its owner and group ({_owner(info.st_uid)}:"
                        f"{_group(info.st_gid)}), which whoever reads it may need; nothing was changed. Run the "
                        "import as that owner (or root), or use --dry-run and paste the sources"
                    ) from None
            os.chmod(temporary, info.st_mode & 0o7777)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SourcesImportError(
            f"cannot write {path}: {exc.strerror or exc}; nothing was changed (--dry-run prints the sources to "
            "paste instead)"
        ) from None


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def exported_feeds(config: Config) -> tuple[list[Feed], list[str]]:
    """The config's web sources as feeds, and the names of local-file sources (OPML holds web addresses)."""
    feeds = [Feed(name=s.name, url=s.url, tags=s.tags) for s in config.sources if not s.is_local]
    local = [s.name for s in config.sources if s.is_local]
    return feeds, local
