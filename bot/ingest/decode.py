"""Content-Encoding, undone within a size cap, layer by layer, a bounded piece at a time; and a page's bytes read
in the character encoding it declares (`html_text`).

httpx inflates each chunk it receives in one call, so a few kilobytes of stacked gzip (`Content-Encoding: gzip,
gzip`) become gigabytes in memory before any cap can look at them. Here every layer inflates at most `_STEP`
bytes per call and counts what it has produced, so the cap stops a bomb after at most the cap plus one step, in
every layer, whatever the stacking. The caller runs this in a worker thread: inflating is CPU work and never
belongs on the event loop.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterable, Iterator

_STEP = 64 * 1024
# gzip members only; zlib-wrapped deflate; raw deflate (servers send both under "deflate").
_GZIP, _ZLIB, _RAW = 16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS
SUPPORTED = ("gzip", "x-gzip", "deflate", "identity")


class DecodeError(Exception):
    """A body that cannot be decoded, or that grows past the cap while being decoded."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large


def encodings_of(header: str | None) -> list[str]:
    """The codings named by a Content-Encoding header, in the order they were applied ("identity" dropped)."""
    if not header:
        return []
    names = [part.strip().lower() for part in header.split(",")]
    return [name for name in names if name and name != "identity"]


def decode_body(raw: bytes, encodings: list[str], max_bytes: int) -> bytes:
    """`raw` with every coding in `encodings` undone (last applied, first undone); at most `max_bytes` out.

    Raises DecodeError for an unsupported coding, corrupt data, or output (of any layer) past `max_bytes`.
    """
    for name in encodings:
        if name not in SUPPORTED:
            # Said as the site's fault it is: the request asks for gzip or deflate alone ("unsupported" read as a
            # gap in the bot to work around).
            raise DecodeError(f"unsupported Content-Encoding: {name[:40]}: the site sent its answer compressed so, "
                              "not asked for (the request asks for gzip or deflate), and it cannot be read: a fault "
                              "of the site or of a CDN in front of it")
    stream: Iterable[bytes] = [raw]
    for name in reversed(encodings):
        stream = _inflate(stream, name, max_bytes)
    out = bytearray()
    for piece in stream:
        out += piece
        if len(out) > max_bytes:
            raise _too_large(max_bytes)
    return bytes(out)


def _too_large(max_bytes: int) -> DecodeError:
    return DecodeError(f"response too large: over the cap of {max_bytes:,} bytes (after decompression; "
                       "[fetch] max_bytes)", too_large=True)


def _inflate(chunks: Iterable[bytes], name: str, max_bytes: int) -> Iterator[bytes]:
    """One layer: yields its output in pieces of at most `_STEP` bytes and stops past `max_bytes`."""
    gzip = name in ("gzip", "x-gzip")
    decoder = None if not gzip else zlib.decompressobj(_GZIP)
    produced = 0
    try:
        for chunk in chunks:
            if decoder is None:  # deflate: the first bytes tell zlib-wrapped from raw
                if not chunk:
                    continue
                decoder = zlib.decompressobj(_ZLIB if _looks_zlib(chunk) else _RAW)
            data = chunk
            while True:
                piece = decoder.decompress(data, _STEP)
                data = decoder.unconsumed_tail
                produced += len(piece)
                if produced > max_bytes:
                    raise _too_large(max_bytes)
                if piece:
                    yield piece
                if decoder.eof:
                    rest = decoder.unused_data
                    if gzip and rest.strip(b"\0"):  # a further gzip member follows
                        decoder, data = zlib.decompressobj(_GZIP), rest
                        continue
                    break
                if not data and len(piece) < _STEP:
                    break  # all input taken and no output left pending in the decoder
        if decoder is not None:
            tail = decoder.flush()
            produced += len(tail)
            if produced > max_bytes:
                raise _too_large(max_bytes)
            if tail:
                yield tail
            if not decoder.eof:
                # Its end never came (a Content-Length shorter than the compressed body): what inflated is the
                # first part of a page, and was stored and sent as the whole story.
                raise DecodeError(f"the {name} body was cut short: it stops before its end")
    except zlib.error as exc:
        raise DecodeError(f"cannot decode the {name} body: {exc}") from None


def _looks_zlib(data: bytes) -> bool:
    """Whether a deflate body starts with a zlib header (RFC 1950) rather than raw deflate (RFC 1951)."""
    return len(data) >= 2 and (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0


# --- characters ------------------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
# Labels browsers read as windows-1252, a superset that decodes the curly quotes and dashes such pages carry.
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"}


def _codec(label: bytes | str | None) -> str | None:
    """A Python codec for a charset label, or None when the label names none."""
    if not label:
        return None
    name = (label.decode("ascii", "replace") if isinstance(label, bytes) else label).strip().lower()
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def marked_encoding(body: bytes) -> str | None:
    """The codec a byte-order mark at the start of `body` names (it takes the mark off), or None."""
    return next((codec for mark, codec in _BYTE_ORDER_MARKS if body.startswith(mark)), None)


def utf8_else_cp1252(body: bytes) -> tuple[str, bool]:
    """`body` as UTF-8 if it reads as such, else as windows-1252 (the legacy encoding of most Western text, and
    browsers' default for a page that declares none); and whether it was the fallback."""
    try:
        return body.decode("utf-8"), False
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace"), True


def html_text(body: bytes, content_type: str | None = None) -> str:
    """An HTML page's bytes as text, in the encoding it declares, where a browser looks for it: a byte-order mark,
    the Content-Type header's charset, a `<meta charset>` (or `http-equiv`) near the top; else UTF-8 if it reads
    as such, else windows-1252 (browsers' default for a legacy page). Read as UTF-8 whatever it said, a
    windows-1251 or ISO-8859-1 page lost every letter outside ASCII to '�'.

    The header gives way to the page's own declaration when it cannot be right or is only a server's default
    (`_header_gives_way`): nginx's 'charset utf-8' or Apache's AddDefaultCharset ISO-8859-1 added to a windows-1251
    page had its text stored and sent as '������' or 'Ìèíèñòð'."""
    marked = marked_encoding(body)
    if marked:
        return body.decode(marked, errors="replace")
    header = _CHARSET.search((content_type or "").encode("latin-1", "replace"))
    from_header = _codec(header.group(1)) if header else None
    from_meta = None
    for meta in _META.finditer(body[:8192]):
        found = _CHARSET.search(meta.group(0))
        from_meta = _codec(found.group(1)) if found else None
        if from_meta:
            break
    declared = from_header or from_meta
    if from_header and from_meta and _header_gives_way(body, from_header, from_meta):
        declared = from_meta
    if declared == "cp1252" and _reads_as_utf8(body):
        # A UTF-8 page whose template (or server) still says ISO-8859-1: read as said, 'déclaré' was 'dÃ©clarÃ©'.
        return body.decode("utf-8")
    if declared == "utf-8" and _mostly_not_utf8(body):
        declared = None  # a windows-1251 page under a UTF-8 template: read as said, every letter was '�'
    if declared and not declared.startswith("utf-16"):  # a page that reached us as bytes of ASCII is not UTF-16
        return body.decode(declared, errors="replace")
    text, fallback = utf8_else_cp1252(body)
    if not fallback:
        return text
    by_language = _by_language(body)
    if by_language:
        return body.decode(by_language, errors="replace")
    detected = _detected(body)
    return body.decode(detected, errors="replace") if detected else text


# The legacy encodings of pages in Latin-script languages that windows-1252 does not write, by the language a page
# names (`<html lang="pl">`): Central European, Turkish, Baltic. The first the bytes read best in is taken.
_LATIN_ENCODINGS = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "bs", "ro", "sq"), ("cp1250", "iso8859-2")),
    **dict.fromkeys(("tr", "az"), ("cp1254",)),
    **dict.fromkeys(("lt", "lv"), ("cp1257", "iso8859-13")),
}
_LANG = re.compile(rb"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})(?![A-Za-z])""", re.IGNORECASE)
_CONTENT_LANGUAGE = re.compile(
    rb"""<meta\b(?=[^>]*http-equiv\s*=\s*["']?content-language)[^>]*\bcontent\s*=\s*["']?\s*([A-Za-z]{2,3})"""
    rb"""(?![A-Za-z])""", re.IGNORECASE)


def _by_language(body: bytes) -> str | None:
    """The legacy encoding of a page that declares no charset and is no UTF-8, by the language it names (its
    `<html lang>`, or a `<meta http-equiv="content-language">`) when that language's letters are not in
    windows-1252: read so, a Polish page's 'zapowiedział ... żegludze' was stored and sent as 'zapowiedzia³ ...
    ¿egludze', a Turkish one's 'Dışişleri' as 'Dýþiþleri'. Of the language's encodings (windows-1250 and
    ISO-8859-2 place 'ą', 'ś', 'ź' differently), the one reading the most letters; None for other languages."""
    head = body[:8192]
    found = _LANG.search(head) or _CONTENT_LANGUAGE.search(head)
    candidates = _LATIN_ENCODINGS.get(found.group(1).decode("ascii").lower()) if found else None
    if not candidates:
        return None
    return max(candidates, key=lambda codec: _letters_outside_ascii(body.decode(codec, errors="replace")))


def _letters_outside_ascii(text: str) -> int:
    """How many of `text`'s characters outside ASCII are letters: in the wrong one of two related encodings, some
    of a language's letters read as signs ('±' for 'ą', '¶' for 'ś') or control characters."""
    return sum(1 for char in text if not char.isascii() and char.isalpha())


def _reads_as_utf8(body: bytes) -> bool:
    """Whether `body` holds letters outside ASCII and reads whole as UTF-8: such bytes are UTF-8 whatever a Western
    declaration says (text in windows-1252 almost never forms valid UTF-8 sequences)."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_not_utf8(body: bytes) -> bool:
    """Whether more of `body`'s characters outside ASCII fail as UTF-8 than read: the page is in another encoding
    altogether, not UTF-8 with a stray bad byte (a character cut in two), which stays UTF-8."""
    try:
        body.decode("utf-8")
        return False  # the common case, decided in C: a UTF-8 page is not walked character by character
    except UnicodeDecodeError:
        pass
    decoded = body.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    outside_ascii = len(decoded) - len(decoded.encode("ascii", errors="ignore"))
    return bad > outside_ascii - bad


# Encodings of web pages in other scripts than Latin (Cyrillic, Greek, Hebrew, Arabic, Thai, Chinese, Japanese,
# Korean), whose letters read as windows-1252 are all mojibake. A guess outside these stands down for windows-1252,
# browsers' default: a Mac or DOS code page is no page's, and a Latin one (Central European, Baltic, Turkish) is
# the detector's guess on a few accented letters ('Città più' taken for Baltic 'Cittā pių'), no better than it.
_WEB_ENCODINGS = ("cp1251", "koi8", "iso8859-5", "cp1253", "iso8859-7", "cp1255", "iso8859-8", "cp1256",
                  "iso8859-6", "cp874", "tis", "iso8859-11", "cp932", "shift_jis", "euc", "gb", "big5", "cp949",
                  "cp950", "johab")
_DETECT_BYTES = 200_000


def _detected(body: bytes) -> str | None:
    """The encoding of a page that declares none (or a UTF-8 it is not in) and is no UTF-8, as a browser's detector
    finds it from the bytes; None when the guess is windows-1252 or none a page is written in. Read as windows-1252
    regardless, a windows-1251 page's text was stored and sent as 'Ìèíèñòð èíîñòðàííûõ'."""
    import chardet  # imported on first need: most pages declare their charset, or are UTF-8

    guess = chardet.detect(body[:_DETECT_BYTES]).get("encoding")
    codec = _codec(guess) if guess else None
    if codec is None or codec == "cp1252" or not codec.startswith(_WEB_ENCODINGS):
        return None
    try:  # incrementally: a character the sample's end cuts in two is not held against the guess
        codecs.getincrementaldecoder(codec)().decode(body[:_DETECT_BYTES], final=len(body) <= _DETECT_BYTES)
    except UnicodeDecodeError:
        # A guess the bytes do not read in whole is no better than the default: let windows-1252 stand.
        return None
    return codec


def _header_gives_way(body: bytes, header: str, meta: str) -> bool:
    """Whether a page's `<meta>` charset is to be read rather than the one its Content-Type names: they differ, the
    body reads whole in the meta's, and the header's is UTF-8 the bytes are not, or windows-1252 (how ISO-8859-1
    and ASCII read), the default a server adds to every page whatever it holds."""
    if header == meta or meta.startswith("utf-16") or body.isascii():
        return False
    try:
        body.decode(meta)
    except (UnicodeDecodeError, LookupError):
        return False
    if header == "utf-8":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return True
        return False
    return header == "cp1252"


# --- what is no page -------------------------------------------------------------------------------------------

# The first bytes of documents a story's link may lead to that are no web page, read as text they are garbage.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\xd0\xcf\x11\xe0", "an office document"),
    (b"\x89PNG", "an image (PNG)"),
    (b"GIF8", "an image (GIF)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"RIFF", "a media file"),
    (b"ID3", "an audio file"),
    (b"\x1f\x8b", "gzip-compressed data (a page compressed twice, or a .gz file)"),
)
_NOT_TEXT_TYPES = ("image/", "audio/", "video/", "font/", "model/")
_DOCUMENT_TYPES = {
    "application/pdf": "a PDF document",
    "application/zip": "a ZIP archive",
    "application/msword": "an office document",
}


def not_a_page(body: bytes, content_type: str | None) -> str | None:
    """What a document is when it is no web page to read a story from (a PDF, an image, an office document), by its
    first bytes or its Content-Type; None for a page, or anything that may be one. A statement's PDF linked from a
    feed was read as text, and its bytes ('%PDF-1.4 1 0 obj << /Type /Catalog ...') stored and sent as the story."""
    start = body[:8]
    for magic, what in _MAGIC:
        if start.startswith(magic):
            return what
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media.startswith(_NOT_TEXT_TYPES):
        return f"{'an image' if media.startswith('image/') else 'a media file'} ({media[:60]})"
    if media in _DOCUMENT_TYPES:
        return _DOCUMENT_TYPES[media]
    if media.startswith(("application/vnd.openxmlformats", "application/vnd.ms-", "application/vnd.oasis")):
        return f"an office document ({media[:60]})"
    if media == "application/octet-stream" and b"\x00" in body[:1024] and marked_encoding(body) is None:
        return "binary data (application/octet-stream)"
    return None
