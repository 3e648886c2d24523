"""`communique analyze`: read article files, analyse each, one JSON object per line.

This output is the interface by which digest quality is judged (the evaluation harness reads it): keep its shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.analysis import analyze, language
from bot.ingest.decode import html_text, marked_encoding, utf8_else_cp1252
from bot.ingest.extract import extract_article


@dataclass(frozen=True)
class ArticleFile:
    """An article read from disk."""

    id: str
    title: str
    text: str
    published: date | None
    notes: tuple[str, ...] = ()


class ArticleFileError(ValueError):
    """A file that cannot be read as an article; the message says which and why."""


def _parse_date(value: object) -> date | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _text(raw: bytes) -> tuple[str, str | None]:
    """A text file's bytes as text, and a note when they were not UTF-8. A byte-order mark says the encoding
    (Notepad's "Unicode" is UTF-16); else UTF-8 if it reads as such, else windows-1252, the legacy encoding of
    most Western text. Read as UTF-8 whatever they were, each accented letter and curly quote became '�' (and
    a short such file was refused as binary)."""
    marked = marked_encoding(raw)
    if marked:
        return raw.decode(marked, errors="replace"), None
    text, fallback = utf8_else_cp1252(raw)
    return text, "not UTF-8, read as windows-1252" if fallback else None


# Far above any article (a long HTML page is a few MB); a larger file, or an endless one such as /dev/zero, was
# read whole until memory ran out.
ARTICLE_FILE_MAX = 50_000_000


def read_article_file(path: Path) -> ArticleFile:
    """A `.json` with `title` and `text` (optional `id`, `published`), a `.txt`, or an `.html` page."""
    try:
        with path.open("rb") as file:
            raw = file.read(ARTICLE_FILE_MAX + 1)
    except OSError as exc:
        raise ArticleFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > ARTICLE_FILE_MAX:
        raise ArticleFileError(f"{path}: larger than {ARTICLE_FILE_MAX // 1_000_000} MB, more than any article "
                               "(the wrong file?)")
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):  # in the charset the page declares, as a browser reads it
        extracted = extract_article(html_text(raw))
        if extracted is None:
            raise ArticleFileError(f"{path}: no article text found in the page")
        return ArticleFile(path.stem, extracted.title, extracted.text, extracted.published)
    content, encoding = _text(raw)
    notes = [f"{path}: {encoding}"] if encoding else []
    if suffix == ".json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ArticleFileError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ArticleFileError(f"{path}: a JSON article needs a string 'text' key (and 'title')")
        # A field of the wrong kind is said, not turned into Python's text of it or dropped without a word.
        title = data.get("title")
        if title is not None and not isinstance(title, str):
            notes.append(f"{path}: 'title' is not text (a {_kind(title)}): read without a title")
            title = None
        published = _parse_date(data.get("published"))
        if data.get("published") not in (None, "") and published is None:
            notes.append(f"{path}: 'published' = {data['published']!r} is not a date (YYYY-MM-DD): dates such as "
                         "'by Friday' are read without the day it was published")
        return ArticleFile(
            id=str(data.get("id") or path.stem),
            title=title or "",
            text=data["text"],
            published=published,
            notes=tuple(notes),
        )
    return ArticleFile(id=path.stem, title="", text=content, published=None, notes=tuple(notes))


def _kind(value: object) -> str:
    """A JSON value's kind in the words of JSON."""
    return {list: "list", dict: "object", bool: "true or false", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


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
    notes: tuple[str, ...] = ()


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
        other_language = () if result.english else (_other_language_note(path, article.text),)
        unsummarized = () if result.summary else (f"{path}: no summary: {_why_no_summary(article.text)}",)
        yield FileResult(path, record=record, notes=(*article.notes, *other_language, *unsummarized))


def _other_language_note(path: Path, text: str) -> str:
    """The operator's line for a story the pledge readers pass over, naming its language where its script does."""
    name = language.language_name(language.script_language(text)) or language.unsplit_script(text) or ""
    if name and language.mixes_directions(text):
        name += ", right-to-left with left-to-right words"
    head, rest = OTHER_LANGUAGE_NOTE.split(":", 1)
    return f"{path}: {head} ({name}):{rest}" if name else f"{path}: {OTHER_LANGUAGE_NOTE}"


_FIGURE = re.compile(r"[\d.,%+-]*\d[\d.,%+-]*")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _why_no_summary(text: str) -> str:
    """Why a readable text gave no summary sentence, in the operator's words: a script whose sentences are not told
    apart, a table of figures, or too few words to stand on (a caption, a teaser). A digest shows such a story with
    its headline and a note saying there is no summary (bot/core/digest.py)."""
    script = language.unsplit_script(text)
    if script:
        return f"written in {script}, whose sentences are not told apart here"
    figures, words = len(_FIGURE.findall(text)), len(_WORD.findall(text))
    if figures >= words:
        return "mostly figures (a table?), no sentence to summarise"
    return f"only {len(text.split())} words, no sentence a summary can stand on (an image caption?)"
