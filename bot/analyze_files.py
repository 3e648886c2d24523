"""`communique analyze`: read article files, analyse each, one JSON object per line.

This output is the interface by which digest quality is judged (the evaluation harness reads it): keep its shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.analysis import analyze
from bot.ingest.extract import extract_article


@dataclass(frozen=True)
class ArticleFile:
    """An article read from disk."""

    id: str
    title: str
    text: str
    published: date | None


class ArticleFileError(ValueError):
    """A file that cannot be read as an article; the message says which and why."""


def _parse_date(value: object) -> date | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def read_article_file(path: Path) -> ArticleFile:
    """A `.json` with `title` and `text` (optional `id`, `published`), a `.txt`, or an `.html` page."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    content = raw.decode("utf-8", errors="replace")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ArticleFileError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ArticleFileError(f"{path}: a JSON article needs a string 'text' key (and 'title')")
        return ArticleFile(
            id=str(data.get("id") or path.stem),
            title=str(data.get("title") or ""),
            text=data["text"],
            published=_parse_date(data.get("published")),
        )
    if suffix in (".html", ".htm"):
        extracted = extract_article(content)
        if extracted is None:
            raise ArticleFileError(f"{path}: no article text found in the page")
        return ArticleFile(path.stem, extracted.title, extracted.text, extracted.published)
    return ArticleFile(id=path.stem, title="", text=content, published=None)


def unreadable(text: str) -> str | None:
    """Why a text cannot be analysed (empty, or not text at all), or None when it can."""
    if not any(ch.isalpha() for ch in text):
        return "no text to analyse (the article is empty)"
    sample = text[:20_000]
    broken = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t"))
    if broken > max(3, len(sample) // 50):
        return "not readable as text (binary data or an unknown encoding)"
    return None


@dataclass(frozen=True)
class FileResult:
    """One file's outcome: its JSON record, or why it has none; `note` tells what the record leaves out and why."""

    path: Path
    record: dict | None = None
    error: str | None = None
    note: str | None = None


OTHER_LANGUAGE_NOTE = "reads as another language than English: quotes and a summary only, no pledges or demands read"


def analyze_files(paths: list[Path], sentences: int) -> Iterator[FileResult]:
    """For each path, its JSON record or an error message (one bad file never stops the others)."""
    for path in paths:
        try:
            article = read_article_file(path)
        except ArticleFileError as exc:
            yield FileResult(path, error=str(exc))
            continue
        problem = unreadable(article.text)
        if problem:
            yield FileResult(path, error=f"{path}: {problem}")
            continue
        result = analyze(article.title, article.text, published=article.published, sentences=sentences)
        record = {"id": article.id, "title": article.title, **result.to_json()}
        yield FileResult(path, record=record, note=None if result.english else f"{path}: {OTHER_LANGUAGE_NOTE}")
