"""Full-text extraction from an article page (trafilatura), cleaned of the furniture news pages carry.

Works offline on an HTML string. The text comes back as paragraphs separated by blank lines, the form
`bot.analysis` reads. Four steps, each for a failure seen on pages:

1. Before extraction, boxes that are never story are taken out of the page by their class or id (captions, photo
   credits, bylines, "Highlights" and "Key Highlights" boxes, live counters, share bars, "Also read" links), when
   they are small (a photo gallery's captions, which tell its story, are kept as its paragraphs, their credits
   not); a paragraph that is mostly a link to a document goes; a table that lays the page out (menu in one cell, story in the next) becomes boxes; an
   embedded social post becomes a paragraph of its words in quotation marks (its author's quote, not the outlet's
   words; "NAME wrote:" before it, from its credit line, when the story does not introduce it; in place of the
   embed box around it, which the extractor leaves out); and a paragraph that is one sentence wrapped in a link loses the link, so that
   trafilatura's link-density filter does not throw away a body paragraph (a reply quoted with a link to the story
   it answers).
2. trafilatura finds the body (a data table's rows kept), the headline and the date.
3. Its lines are cleaned: a table's row becomes its cells between bars, the headline standing as a line of its
   own is dropped, furniture lines (`bot.analysis.debris`: captions, credits, bylines, time stamps,
   counters, "Continue reading the main story"; an embedded post's credit line) are dropped, a highlights list is
   dropped with its heading, a trailer ("Read more", "Related", "Comments are closed", "Media contacts") ends
   the text only when no paragraph of story follows it, and a press release's end mark ("ENDS", "###", "Notes to
   editors") ends it whatever follows.
4. A page built in the browser holds its body in a script, not in its markup (schema.org's `articleBody`, a
   Next.js `__NEXT_DATA__` blob) and shows "Loading…": when a script's paragraphs say more than the markup gave,
   and hold its story if it gave any, they are the text.

After extraction, `next_page` finds the link to a story's next page ("Page 1 of 2"), and a text of at most 250
words under a paywall's words is marked `paywalled`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import SplitResult, parse_qsl, urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from bot.analysis.debris import is_furniture
from bot.analysis.language import reads_as_english
from bot.ingest.urls import without_trackers


class _SaidByIngest(logging.Filter):
    """Drops trafilatura's "discarding data: URL", which it logs as a warning for every page whose markup holds too
    little text: a library's line naming no source or story, read as a fault of the bot's, and said even for a page
    whose story is then read from its data (JSON-LD). Ingest says what became of the page, in its own words."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("discarding data")


logging.getLogger("trafilatura.core").addFilter(_SaidByIngest())

# Lines that end an article's body on news pages: credits, "Read more" lists, newsletter and share prompts; an
# older site's closing tools ("Comments on this article are closed.", "Printer friendly version | Send to a
# friend", which a short story's summary gave as a sentence) and a release's press contacts or "Further information".
_TRAILER = re.compile(
    r"^(read more|related( articles| stories| coverage)?|more on this( story)?|see also|sign up|subscribe|"
    r"follow us|share this|you may also like|recommended|comments (?:on this (?:article|story|post) )?are closed|"
    r"printer[- ]friendly|print this (?:page|article|story)|send (?:this )?to a friend|"
    r"e-?mail this (?:page|article|story)|(?:media|press) (?:contacts?|enquiries|inquiries)|"
    r"(?:further|more) information(?=\s*:?$))\b[:.]?",
    re.IGNORECASE,
)
# The mark a press release ends on ("ENDS", "-ends-", "###", "- 30 -") and the heading of what follows it for
# editors ("Notes to editors"): what comes after is no story (background, "Photographs are available on request").
_RELEASE_END = re.compile(
    r"^(?:[-–—#*\s]*ends[-–—#*\s]*|#(?:\s*#){2,}|[-–—]\s*30\s*[-–—]|notes? (?:to|for) editors?\s*:?|"
    r"editor'?s'? notes?\s*:?)$",
    re.IGNORECASE,
)
# A release's line sending readers to its press office ("For more information, please contact the Press Office on
# ..."), which a short release's summary gave as a sentence. "For more details ..." is one only when it names a way to
# reach someone (_REACH): "For more details on the accord, the ministry said ..." is the story's news.
_CONTACT_LINE = re.compile(
    r"^(?:[-•*]\s*)?(?:for (?:more|further) (?:information|details)|(?P<enquiries>(?:media|press) (?:enquiries|inquiries)))\b",
    re.IGNORECASE,
)
_REACH = re.compile(
    r"\b(?:contact|call|phone|visit|e-?mail|write to|see)\b|@|https?://|www\.|\d[\d ()-]{6,}\d|:\s*$", re.IGNORECASE
)
# "###" ends a release only when editors' matter follows it (notes, "About the ministry", contacts) or no story
# does; a feature breaks its sections with the same mark.
_HASHES = re.compile(r"^#(?:\s*#){2,}$")
_ABOUT = re.compile(r"^about (?:the |us\b)?\S", re.IGNORECASE)
# The heading of a box of bullet points that repeats the story in brief ("Highlights", "Key Highlights").
_HIGHLIGHTS = re.compile(r"^(?:key |story )?(?:highlights|points|takeaways|key points|top points|in brief)\s*:?$", re.I)
# The class a social network's embed script looks for on the <blockquote> that holds a post.
_EMBED_CLASS = re.compile(r"tweet|instagram|tiktok|bluesky|mastodon|threads|social-?(?:embed|post)|embed-?post", re.I)
# The link a network shows for a post's picture or video ("pic.twitter.com/a1b2c3", "https://t.co/a1b2c3"): no
# words of its author's, and it was quoted as the end of the minister's sentence.
_POST_MEDIA_LINK = re.compile(r"\s*\b(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/\S+", re.IGNORECASE)
# The author a post's credit line names: "— Corin Albescu (@CorinAlbescu) December 5, 2026" gives "Corin Albescu".
_POST_AUTHOR = re.compile(r"^[—–-]\s*((?-i:[A-Z])[^()@]{1,60}?)\s*\(@[\w.]{1,60}\)", re.IGNORECASE)
# Double quotation marks inside a post's words, made single when the post is put in double ones.
_INNER_QUOTES = str.maketrans({"“": "‘", "„": "‘", "«": "‘", "”": "’", "»": "’"})
# The credit line an embedded social post ends with: "— Teo Brandt (@TeoBrandtPM) March 3, 2026".
_EMBED_CREDIT = re.compile(r"^[—–-]\s*[^()]{1,80}\(@[\w.@-]{1,60}\)(?:\s+.{0,40})?$")
# A table's row as trafilatura writes it ("| Tarn basin fund | 12 million euros | "), and the rule under its header.
_TABLE_ROW = re.compile(r"^\|(.*)\|$")
_TABLE_RULE = re.compile(r"^[|\s:-]+$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")
# Boxes that are never story, by the words sites put in their class or id.
_FURNITURE_BOX = re.compile(
    r"caption|cptn|credit|byline|author|dateline-time|timestamp|highlight|key-?points|kp-|also-?read|"
    r"read-?more|related|share|social|newsletter|signup|trending|tracker|ticker|counter|promo|interrupter|"
    r"visually-hidden|sr-only|(?:^|[\s_-])ads?(?:$|[\s_-])|advert|tags?(?:$|[\s_-])|breadcrumb",
    re.IGNORECASE,
)
# A box bigger than this is kept whatever its class says: it may be the body itself ("story-body shareable").
_FURNITURE_BOX_MAX = 600
_STORY_CONTAINERS = ("article", "main", "body")
# The scripts a page built in the browser keeps its story in: schema.org JSON-LD and Next.js's page data.
_SCRIPT = re.compile(
    r"<script\b[^>]*?(?:type=[\"']?application/ld\+json|id=[\"']?__NEXT_DATA__)[^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL,
)
# A link to the page that comes next: <link rel="next"> in the head, or <a rel="next"> in a pager.
_NEXT_LINK = re.compile(r"<(?:link|a)\b[^>]*\brel=[\"']?next\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)
# A query parameter or a path's tail that numbers the pages of one story ("?page=2", "/2", "/page/2").
_PAGE_PARAMS = frozenset({"page", "pg", "paged", "pagenum", "pagina", "seite", "strana"})
_PAGE_TAIL = re.compile(r"(?:/page)?/\d{1,3}/?$", re.IGNORECASE)
# What a paywall says under the free start of a story, and schema.org's mark of a story not free to read.
_PAYWALL = re.compile(
    r"\bsubscribe (?:now )?to (?:read|continue|keep reading|unlock)\b|"
    r"\b(?:continue|keep) reading with a (?:subscription|membership)\b|"
    r"\bto (?:continue|keep) reading(?: this (?:article|story))?,? (?:please )?(?:subscribe|log in|sign in|"
    r"become a (?:subscriber|member))\b|\bbecome a (?:subscriber|member) to (?:read|continue|keep reading)\b|"
    r"\byou(?:'ve|’ve| have) (?:reached|used) (?:your|all (?:of )?your) (?:\w+ )?(?:limit of )?free "
    r"(?:articles|stories)\b|\bfree (?:article|story) limit\b|"
    r"\bonly (?:paying )?(?:subscribers|members) (?:can|may) read\b|\bunlock (?:this|the full) (?:article|story)\b|"
    r"\b(?:this|the rest of this|the full) (?:article|story) is (?:only )?(?:available )?(?:for|to) subscribers\b|"
    r"\bsubscribers only\b|\bexclusive to subscribers\b|\bréservé aux abonnés\b",
    re.IGNORECASE,
)
_NOT_FREE = re.compile(r"[\"']isAccessibleForFree[\"']\s*:\s*[\"']?false", re.IGNORECASE)
# Where a page names other stories, or its own sections, not this one: a "Subscribers only" label there is another
# story's ("Opinion · Subscribers only" on a related link), or a menu's.
_ELSEWHERE = ("nav", "aside", "header", "footer", "li", "a")
# A page cut short by a paywall gives at most this many words; a longer text is the story (a paywall box in the
# markup of a page that is free to this reader, shown by the site's script to others).
_PAYWALL_MAX_WORDS = 250
# A script's paragraphs replace the markup's text only when they say this much more (words).
_SCRIPT_GAIN = 1.3


@dataclass(frozen=True)
class Extracted:
    """The article found in a page."""

    title: str
    text: str
    # The day the page gives as its publication's, in its markup or after a label in its words (`labelled_date`);
    # None when it gives none. A date its story only mentions is not it.
    published: date | None
    # The page gives the start of the story and keeps the rest for subscribers ("Subscribe to read the full
    # article", or schema.org's isAccessibleForFree false): what was read is not the whole story.
    paywalled: bool = False


def _is_story_paragraph(line: str) -> bool:
    """A line that reads as a paragraph of the story: a full sentence of some length."""
    return len(line.split()) >= 12 and _SENTENCE_END.search(line) is not None


def _is_contact_line(line: str) -> bool:
    """A line sending the reader to a press office, an address or a number, not a sentence of the story."""
    contact = _CONTACT_LINE.match(line)
    if contact is None or len(line.split()) > 30:
        return False
    return contact.group("enquiries") is not None or _REACH.search(line) is not None


def _release_ends_here(after: list[str]) -> bool:
    """What follows a "###" is a release's matter for editors, or no story at all."""
    if not after:
        return True
    following = after[0]
    if _RELEASE_END.match(following) or _ABOUT.match(following) or _is_contact_line(following):
        return True
    if _TRAILER.match(following) and len(following) < 60:
        return True
    return not any(_is_story_paragraph(later) for later in after)


def _table_row(line: str) -> str:
    """A table's row as a line of its cells between bars ("Tarn basin fund | 12 million euros | 30 June 2026"); the
    rule under a header row is no line; any other line as it is."""
    row = _TABLE_ROW.match(line)
    if row is None:
        return line
    if _TABLE_RULE.match(line):
        return ""
    return " | ".join(cell.strip() for cell in row.group(1).split("|") if cell.strip())


def clean_lines(lines: list[str]) -> list[str]:
    """The story's lines: furniture and highlight boxes dropped; a trailer ends the text if no story follows it."""
    stripped = [_table_row(line.strip()) for line in lines if line.strip()]
    stripped = [line for line in stripped if line]
    kept: list[str] = []
    in_highlights = False
    for n, line in enumerate(stripped):
        if _HIGHLIGHTS.match(line):
            in_highlights = True
            continue
        if in_highlights and not _is_story_paragraph(line) and len(line.split()) <= 30:
            continue  # a bullet of the highlights box
        in_highlights = False
        if _HASHES.match(line) and not _release_ends_here(stripped[n + 1 :]):
            continue  # a section break
        if _RELEASE_END.match(line):
            break  # what follows a release's end mark is for editors: notes, background, contacts
        if _is_contact_line(line):
            continue
        if _TRAILER.match(line) and len(line) < 60:
            if not any(_is_story_paragraph(later) for later in stripped[n + 1 :]):
                break
            continue
        if (is_furniture(line) and not _live_entry(line)) or _EMBED_CREDIT.match(line):
            continue
        kept.append(line)
    return kept



# A live page's entry opens on its clock time and a dash or colon: "09:12 GMT — Delegations have arrived ...",
# "2:30 p.m. ET: The minister said ...".
_LIVE_ENTRY_STAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?\s*[—–:-]\s+(?=\S)")


def _live_entry(line: str) -> bool:
    """An entry of a live page: its clock time, then a sentence of the story that is no furniture itself. The time
    makes the line read as a page stamp ("Updated 09:12 GMT"), and a live page made of such entries lost them all."""
    stamp = _LIVE_ENTRY_STAMP.match(line)
    if stamp is None:
        return False
    rest = line[stamp.end() :]
    return len(rest.split()) >= 6 and not is_furniture(rest)

def _without_headline(lines: list[str], title: str) -> list[str]:
    """The lines without the headline standing as a line of its own: a page's <h1> inside its <article> came out
    as the text's first paragraph (or, on a live page whose entries are each an <article>, after the first entry),
    so the story said its headline twice (stored, searched and matched by follows)."""
    def key(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(".:!? ")

    if not title:
        return lines
    return [line for line in lines if key(line) != key(title)]


def _holds_story(element: lxml.html.HtmlElement) -> bool:
    """A box with a paragraph of story in it is kept whatever its class ("story-body shareable" on a short story)."""
    return any(_is_story_paragraph(" ".join(p.text_content().split())) for p in element.iter("p"))


def _unwrap_layout_tables(root: lxml.html.HtmlElement) -> None:
    """A table that holds paragraphs of story lays the page out (an older site's menu in one cell, its release in
    the next): its rows and cells become boxes. Read as a table, such a page gave nothing (tables left out), or
    one row of menu, headline and every paragraph run together (tables kept as rows)."""
    parts = ("tbody", "thead", "tfoot", "tr", "td", "th")
    layout = [table for table in root.iter("table") if _holds_story(table)]
    own = [(table, [part for part in table.iter(*parts) if next(part.iterancestors("table"), None) is table])
           for table in layout]
    for table, cells in own:
        for element in (table, *cells):
            element.tag = "div"


def _story_words(element: lxml.html.HtmlElement, leaving: lxml.html.HtmlElement) -> int:
    """The characters of story paragraphs in `element` outside `leaving` (an element inside it)."""
    return sum(len(text) for p in element.iter("p") if leaving not in p.iterancestors() and p is not leaving
               and _is_story_paragraph(text := " ".join(p.text_content().split())))


def _drop_related_articles(root: lxml.html.HtmlElement) -> None:
    """An `<article>` inside another is a related story's teaser ("Read also" between two paragraphs) when the
    outer one has more story outside it than it holds: left out. Its paragraphs were read as the story's, and a
    summary of one country's crossing could say another's parliament ratified a treaty. An inner article holding
    the story (the outer one a headline and a byline around it, or `itemprop="articleBody"`) is kept."""
    for inner in list(root.iter("article")):
        outer = next(inner.iterancestors("article"), None)
        if outer is None or inner.getparent() is None or "articlebody" in (inner.get("itemprop") or "").lower():
            continue
        if _story_words(outer, inner) > len(" ".join(inner.text_content().split())):
            inner.drop_tree()


def _as_quotation(quote: lxml.html.HtmlElement) -> None:
    """An embedded social post made a paragraph of its words in quotation marks, its credit line left out: the post
    came out as a bare paragraph, the leader's words read as the outlet's own and found as no one's quote."""
    words = " ".join(" ".join(p.text_content().split()) for p in quote.iter("p"))
    words = _POST_MEDIA_LINK.sub("", words).strip()
    if not words:
        return
    paragraph = lxml.html.Element("p")
    paragraph.text = _in_quotation_marks(words)
    box = _post_box(quote)
    author = _post_author(quote)
    languages = {(p.get("lang") or "en").lower()[:2] for p in quote.iter("p")}
    if author and languages == {"en"} and not _introduced(box):  # "wrote" is said in English only
        paragraph.text = f"{author} wrote: {paragraph.text}"
    paragraph.tail = box.tail
    box.getparent().replace(box, paragraph)


def _post_box(quote: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The post with the boxes around it that hold nothing else (a WordPress embed block's <figure> and wrapper, an
    "embed-wrapper"): the extractor left such a box out whole, and the post's words with it."""
    said = " ".join(quote.text_content().split())
    box = quote
    for holder in quote.iterancestors():
        if holder.tag in _STORY_CONTAINERS or holder.tag == "html" or " ".join(holder.text_content().split()) != said:
            break
        box = holder
    return box


def _post_author(quote: lxml.html.HtmlElement) -> str | None:
    """The name an embedded post's credit line gives its author ("— Corin Albescu (@CorinAlbescu) December 5")."""
    credit = " ".join(quote.text_content().split())
    for p in quote.iter("p"):
        credit = credit.replace(" ".join(p.text_content().split()), " ", 1)
    found = _POST_AUTHOR.match(" ".join(credit.split()))
    return found.group(1).strip() if found else None


def _introduced(quote: lxml.html.HtmlElement) -> bool:
    """Whether the paragraph before a post introduces it ("Brandt wrote:"), naming its author in the story's words."""
    here: lxml.html.HtmlElement | None = quote
    for _ in range(3):  # the post may stand first in a box of its own ("embed-wrapper") after the paragraph
        if here is None:
            return False
        before = here.getprevious()
        while before is not None and (before.tag in ("script", "style", "noscript") or not before.text_content().strip()):
            before = before.getprevious()
        if before is not None:
            return " ".join(before.text_content().split()).endswith(":")
        here = here.getparent()
    return False


def _in_quotation_marks(words: str) -> str:
    """A post's words between double quotation marks, its own double marks made single ('the “Tarn accord”' as
    'the ‘Tarn accord’'): a post that named something in quotation marks was left bare, the outlet's words."""
    if len(words) > 1 and words[0] in "\"“«„" and words[-1] in "\"”»":
        return words
    inner = words.translate(_INNER_QUOTES)
    straight = inner.split('"')
    if len(straight) % 2 == 1:  # straight marks in pairs: opening and closing in turn
        inner = "".join(part + ("‘" if n % 2 == 0 else "’") for n, part in enumerate(straight[:-1])) + straight[-1]
    return f"“{inner}”"


# A link to a document rather than a page: its address's file type, or its words naming one ("(PDF, 312 KB)").
_DOCUMENT_HREF = re.compile(r"\.(?:pdf|docx?|odt|rtf|xlsx?|ods|pptx?|zip)(?:$|[?#])", re.IGNORECASE)
_DOCUMENT_WORDS = re.compile(r"\((?:pdf|docx?|odt|rtf|xlsx?|zip)\b[^)]{0,30}\)|\b\d+(?:[.,]\d+)?\s?[KM]B\b", re.IGNORECASE)


def _document_link_line(element: lxml.html.HtmlElement) -> bool:
    """A paragraph that is mostly a link to a document ("Download the full text of the joint statement: Joint
    statement on the corridor (PDF, 312 KB)"): a release's attachment, stored as the story's last line. A sentence
    of story naming its report with a short link ("the report (PDF) says ...") is kept."""
    words = len(element.text_content().split())
    linked = sum(len(link.text_content().split()) for link in element.iter("a")
                 if _DOCUMENT_HREF.search(link.get("href") or "") or _DOCUMENT_WORDS.search(link.text_content()))
    return words > 0 and linked * 2 >= words


# A box of a picture's caption, and a credit inside it, by the words sites put in their class or id.
_CAPTION_BOX = re.compile(r"caption|cptn", re.IGNORECASE)
_CREDIT_BOX = re.compile(r"credit|copyright|photographer", re.IGNORECASE)
# A credit a caption gives in its own words, at its end: "(Photo: Ana Roe)", "Photograph: Jane Roe/The Paper".
_INLINE_CREDIT = re.compile(
    r"\s*[(\[]?\b(?:photo(?:graph)?|picture|image|credit)s?\s*(?:by\s+|:\s*)[^()\[\].]{1,80}[)\]]?\s*$", re.IGNORECASE
)
# A slide's place in its gallery: "2 / 5", "2 of 5".
_SLIDE_COUNT = re.compile(r"^\s*\d{1,3}\s*(?:/|of)\s*\d{1,3}\s*$", re.IGNORECASE)
# Captions that each say a sentence of story, at least this many, make a page a gallery (with `_gallery_captions`).
_GALLERY_CAPTIONS = 3


def _marks(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _caption_words(caption: lxml.html.HtmlElement) -> str:
    """A caption's words without its credit ("Photograph: Jane Roe/The Paper")."""
    copy = deepcopy(caption)
    for credit in [e for e in copy.iter() if e is not copy and _CREDIT_BOX.search(_marks(e))]:
        if credit.getparent() is not None:
            credit.drop_tree()
    return _INLINE_CREDIT.sub("", " ".join(copy.text_content().split()))


def _gallery_captions(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The captions of a photo gallery, whose story they tell: at least three that each say a sentence of story, and
    more of it than the page's paragraphs outside them. A news page's captions went, rightly; a gallery's went
    too, and its story was sent as its two-sentence introduction. Empty for any other page."""
    found = [e for e in root.iter("figcaption", "div", "p", "span")
             if e.tag == "figcaption" or _CAPTION_BOX.search(_marks(e))]
    inside = set(found)
    outer = [c for c in found if not any(a in inside for a in c.iterancestors())]
    told = [c for c in outer if _is_story_paragraph(_caption_words(c))]
    if len(told) < _GALLERY_CAPTIONS:
        return []
    said = sum(len(_caption_words(c)) for c in told)
    elsewhere = sum(len(text) for p in root.iter("p") if p not in inside and not any(a in inside for a in p.iterancestors())
                    and _is_story_paragraph(text := " ".join(p.text_content().split())))
    return told if said > elsewhere else []


def _as_story_paragraph(caption: lxml.html.HtmlElement) -> None:
    """A gallery's caption made a paragraph of the story: its credit taken out (a caption line ending on "Photo: Ana
    Roe" is dropped whole as a caption, later), and the figure or slide list around it made plain boxes (the
    extractor leaves a <figure> out whole, gives a list's items as bullets, and leaves out a box whose class says
    "slide")."""
    for credit in [e for e in caption.iter() if e is not caption and _CREDIT_BOX.search(_marks(e))]:
        if credit.getparent() is not None:
            credit.drop_tree()
    for line in [p for p in caption.iter("p") if p is not caption] or [caption]:
        words = " ".join(line.text_content().split())
        if _INLINE_CREDIT.search(words):  # "... passes. (Photo: Ana Roe)": its words without the credit
            for child in list(line):
                line.remove(child)
            line.text = _INLINE_CREDIT.sub("", words)
    caption.tag = "div" if any(e is not caption for e in caption.iter("p")) else "p"
    caption.attrib.pop("class", None)
    for holder in caption.iterancestors():
        if holder.tag in _STORY_CONTAINERS or holder.tag == "html":
            break
        if holder.tag in ("figure", "li"):  # a slide: its count ("2 / 5", "2 of 5") is no story
            for count in [e for e in holder if e is not caption and _SLIDE_COUNT.match(e.text_content())]:
                count.drop_tree()
        holder.tag = "div" if holder.tag in ("figure", "li", "ul", "ol") else holder.tag
        holder.attrib.pop("class", None)
        holder.attrib.pop("id", None)


def prepare_page(html: str) -> str:
    """The page with furniture boxes taken out, layout tables made boxes, embedded posts made quotations and
    single-sentence links unwrapped (see the module's step 1)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    gallery = set(_gallery_captions(root))
    for element in list(root.iter("figcaption", "div", "span", "p", "aside", "section", "ul", "figure")):
        if element.getparent() is None or element.tag in _STORY_CONTAINERS:
            continue
        if element in gallery:
            _as_story_paragraph(element)
            continue
        marks = _marks(element)
        small = len(element.text_content()) <= _FURNITURE_BOX_MAX
        if marks.strip() and small and _FURNITURE_BOX.search(marks) and not _holds_story(element):
            element.drop_tree()
        elif element.tag == "figcaption":
            element.drop_tree()
    for element in list(root.iter("p", "li")):
        if element.getparent() is not None and _document_link_line(element):
            element.drop_tree()
    _unwrap_layout_tables(root)
    _drop_related_articles(root)
    for quote in list(root.iter("blockquote")):
        if quote.getparent() is not None and _EMBED_CLASS.search(quote.get("class") or ""):
            _as_quotation(quote)
    for paragraph in root.iter("p"):
        text = " ".join(paragraph.text_content().split())
        if len(text.split()) >= 6 and _SENTENCE_END.search(text):
            for link in list(paragraph.iter("a")):
                link.drop_tag()
    return lxml.html.tostring(root, encoding="unicode")


def _paragraphs_of(value: str) -> list[str]:
    """A script's string as paragraphs: HTML markup read as text, blank lines split."""
    if "<p" in value:
        try:
            fragment = lxml.html.fragment_fromstring(value, create_parent="div")
        except (etree.ParserError, ValueError):
            return []
        found = [" ".join(p.text_content().split()) for p in fragment.iter("p")]
    else:
        found = [" ".join(part.split()) for part in re.split(r"\n\s*\n|\r?\n", value)]
    return [text for text in found if text]


def _script_story(data: object) -> list[str]:
    """The story a page's script holds: an `articleBody`, else the list whose paragraphs of story say the most
    (a CMS's body blocks, not the list of related stories beside them).

    One walk in document order: a list's paragraphs are a run of the flat list of all of them, its length a
    difference of running sums, so a page's megabytes of app state are read once, not once per level."""
    flat: list[str] = []
    sums = [0]
    bodies: list[list[str]] = []
    best = (0, 0, 0)  # (characters, start, end) of the best list's run of `flat`

    def walk(node: object) -> None:
        nonlocal best
        if isinstance(node, str):
            if len(node) >= 30:
                for text in _paragraphs_of(node):
                    if _is_story_paragraph(text):
                        flat.append(text)
                        sums.append(sums[-1] + len(text))
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "articleBody" and isinstance(value, str):
                    bodies.append(_paragraphs_of(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            first = len(flat)
            for item in node:
                walk(item)
            size = sums[len(flat)] - sums[first]
            if size > best[0]:
                best = (size, first, len(flat))

    walk(data)
    listed = flat[best[1]:best[2]]
    body = max(bodies, key=lambda lines: sum(len(line) for line in lines), default=[])
    return body if sum(len(line) for line in body) > best[0] else listed


def _story_in_scripts(html: str) -> list[str]:
    """The longest story a page's JSON-LD or Next.js data holds, as paragraphs (empty when none)."""
    best: list[str] = []
    for match in _SCRIPT.finditer(html):
        try:
            data = json.loads(match.group(1))
        except ValueError:
            continue
        found = _script_story(data)
        if sum(len(line) for line in found) > sum(len(line) for line in best):
            best = found
    return best


def extract_article(html: str, url: str | None = None) -> Extracted | None:
    """The article's headline, body text and date, or None when the page holds no article text."""
    extracted = _from_page(html, url)
    if extracted is not None and extracted.published is not None:
        extracted = replace(extracted,
                            published=_month_first_if_its_country_writes_so(html, extracted.published, url))
    if extracted and len(extracted.text.split()) <= _PAYWALL_MAX_WORDS and _says_paywall(html, extracted.text):
        return replace(extracted, paywalled=True)
    return extracted


def _says_paywall(html: str, text: str) -> bool:
    """Whether the page keeps the rest of its story for subscribers: schema.org says it is not free, or a paywall's
    words stand with the story, not in a menu, a link or another story's box (a related story's "Subscribers only"
    label put the paywall note on a whole story)."""
    if _NOT_FREE.search(html):
        return True
    if not _PAYWALL.search(html):
        return False
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return False
    first = " ".join(text.split("\n\n", 1)[0].split())[:60].casefold()
    ours = [a for a in root.iter("article") if first and first in " ".join(a.text_content().split()).casefold()]
    for element in list(root.iter(*_ELSEWHERE, "article")):
        if element.tag == "article" and (not ours or element in ours):
            continue
        if element.getparent() is not None:
            element.drop_tree()
    return _PAYWALL.search(" ".join(root.text_content().split())) is not None


_NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)
_NOSCRIPT_STORY_WORDS = 50  # words a page's <noscript> holds before it is read as its story's markup


def _noscript_words(html: str) -> int:
    """How many words a page gives inside <noscript> (a tracking pixel's or "turn on JavaScript" give few)."""
    inside = " ".join(found.group(0) for found in _NOSCRIPT.finditer(html))
    return len(re.sub(r"<[^>]*>", " ", inside).split())


def _from_markup(html: str, url: str | None) -> Extracted | None:
    """The article the page's markup gives. A page built in the browser may give readers without scripts its story
    in <noscript>, which the extractor leaves out: read with those tags taken away when that gives more of it (the
    page gave nothing, and the story went out as its teaser)."""
    extracted = _extract_markup(html, url)
    if _noscript_words(html) >= _NOSCRIPT_STORY_WORDS:
        opened = _extract_markup(_NOSCRIPT_TAG.sub("", html), url)
        if opened is not None and (extracted is None
                                   or len(opened.text.split()) > _SCRIPT_GAIN * len(extracted.text.split())):
            return opened
    return extracted


def _from_page(html: str, url: str | None) -> Extracted | None:
    """The article from the page's markup (`_from_markup`), or from its scripts when they hold more of the same
    story, or the markup gave none."""
    extracted = _from_markup(html, url)
    scripted = clean_lines(_story_in_scripts(html)) if _SCRIPT.search(html) else []
    if not scripted:
        return extracted
    if extracted is None:
        meta = trafilatura.extract_metadata(html, date_config=_DATE_IN_MARKUP)
        title = (meta.title or "").strip() if meta else ""
        published = _date((meta.date or "") if meta else "") or labelled_date(html)
        return Extracted(title=title, text="\n\n".join(scripted), published=published)
    words = len(" ".join(scripted).split())
    if words > _SCRIPT_GAIN * len(extracted.text.split()) and _tells_the_same_story(extracted.text, scripted):
        return Extracted(title=extracted.title, text="\n\n".join(scripted), published=extracted.published)
    return extracted


def _letters(text: str) -> str:
    """Text reduced to its letters and digits, lower case: the same words however a script or the markup typed
    their quotation marks and spaces."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _tells_the_same_story(markup: str, scripted: list[str]) -> bool:
    """Whether a script's paragraphs are the story the markup gives more of: they hold one of its paragraphs of
    story, or the markup has none ("Loading…", a teaser line). A page that renders its story in the markup and
    keeps readers' comments or other stories in its app data lost its body to the longer list."""
    told = [line for line in markup.split("\n\n") if _is_story_paragraph(line)]
    if not told:
        return True
    script = _letters(" ".join(scripted))
    return any(_letters(line)[:80] in script for line in told)


def _pages_apart(here: str, there: str) -> bool:
    """Two queries that differ in a page number alone ("?id=7" and "?id=7&page=2"), trackers aside (a feed's link
    "?utm_source=rss" and its page's "?page=2"): a blog's next post by its id ("?p=12", "?p=13") differs in more
    than a page."""
    mine, theirs = dict(parse_qsl(without_trackers(here))), dict(parse_qsl(without_trackers(there)))
    changed = {key for key in mine.keys() | theirs.keys() if mine.get(key) != theirs.get(key)}
    return bool(changed) and all(key.lower() in _PAGE_PARAMS and theirs.get(key, "").isdigit() for key in changed)


def next_page(html: str, url: str, first: str | None = None) -> str | None:
    """The address of the story's next page when the page is one of several ("Page 1 of 2"), else None.

    `first` is the story's first page (`url` itself when it is). The page's rel="next" link counts only when it is
    that address with a page number added or changed: the same path with a page number in its query alone
    ("?page=2"), or the path with "/2" or "/page/2" after it. A blog's rel="next" to its next post ("?p=13",
    "/news/13" after "/news/12") is another story."""
    here, start = urlsplit(url), urlsplit(first or url)
    stem = start.path.rstrip("/")
    for match in _NEXT_LINK.finditer(html[:500_000]):
        href = _HREF.search(match.group(0))
        if not href:
            continue
        target = urljoin(url, href.group(1).strip().replace("&amp;", "&"))
        there = urlsplit(target)
        if there.scheme not in ("http", "https") or there.netloc != here.netloc or target in (url, first):
            continue
        if there.path == start.path and _pages_apart(start.query, there.query):
            return target
        if there.path.startswith(stem) and _PAGE_TAIL.fullmatch(there.path[len(stem):]) and \
                without_trackers(there.query) == without_trackers(start.query):
            return target
    return _next_in_pager(html, url, first or url)


_ANCHOR = re.compile(r"<a\b[^>]*>", re.IGNORECASE)


def _next_in_pager(html: str, url: str, first: str) -> str | None:
    """The story's next page by a pager's plain link ("2", "Next »") where the page marks none rel="next", as many
    sites' pagers do: its second page was never read. Only the page after this one, by the same measure as a
    rel="next" link: the story's address with a page number one higher, nothing else changed."""
    here, start = urlsplit(url), urlsplit(first)
    current = 1 if url == first else _page_number(here, start)
    if current is None:
        return None
    for match in _ANCHOR.finditer(html[:500_000]):
        href = _HREF.search(match.group(0))
        if not href:
            continue
        target = urljoin(url, href.group(1).strip().replace("&amp;", "&"))
        there = urlsplit(target)
        if there.scheme in ("http", "https") and there.netloc == here.netloc and not there.fragment and \
                _page_number(there, start) == current + 1:
            return target
    return None


def _page_number(there: SplitResult, start: SplitResult) -> int | None:
    """The number `there` gives as a page of the story whose first page is `start`: a page parameter added to its
    query alone ("?page=2"), or "/2" or "/page/2" after its path; None when it is no page of that story."""
    if there.path == start.path and _pages_apart(start.query, there.query):
        mine, theirs = dict(parse_qsl(without_trackers(start.query))), dict(parse_qsl(without_trackers(there.query)))
        numbers = [int(value) for key, value in theirs.items() if mine.get(key) != value]
        return numbers[0] if len(numbers) == 1 else None
    stem = start.path.rstrip("/")
    tail = there.path[len(stem):] if there.path.startswith(stem) else ""
    if _PAGE_TAIL.fullmatch(tail) and without_trackers(there.query) == without_trackers(start.query):
        return int(re.findall(r"\d+", tail)[-1])
    return None


# What a cookie-consent page says, in the words such pages share: a reader without the site's cookie is sent to
# one ("Before you continue ... We use cookies and data to ... Accept all") instead of the story. The site speaks
# of its own cookies (`_OWN_COOKIES`): a story about cookie rules reports them.
_CONSENT = re.compile(
    r"\bcookies?\b|\bconsent\b|\b(?:accept|reject|refuse) all\b|\bprivacy (?:settings|policy|preferences|options)\b|"
    r"\bpersonali[sz]ed (?:content|ads|advertising)\b|\bmanage (?:your )?(?:choices|preferences|settings|options)\b",
    re.IGNORECASE,
)
_OWN_COOKIES = re.compile(
    r"\b(?:we|this (?:site|website)|our (?:site|website|partners))\b(?:[^.!?]{0,40}\b)?uses? (?:of )?cookies\b",
    re.IGNORECASE,
)
_CONSENT_MAX_WORDS = 200  # a consent page says little


def consent_notice(text: str) -> bool:
    """Whether a page's text is a cookie-consent notice, not a story: short, the site speaking of the cookies it
    uses, and most of its paragraphs about cookies and consent. Read as the story, its words were stored and sent
    as the summary."""
    paragraphs = [line for line in text.split("\n\n") if line.strip()]
    if not paragraphs or len(text.split()) > _CONSENT_MAX_WORDS or not _OWN_COOKIES.search(text):
        return False
    return sum(1 for line in paragraphs if _CONSENT.search(line)) * 2 >= len(paragraphs)


# A sign-in page a site sends a reader who is not signed in to, instead of the story: at an address of its own
# ("/login?next=..."), or in the story's place. A story's page may carry a sign-in box in its header, so a
# password field alone is not enough: the page must say little, and speak of signing in.
_SIGN_IN_PATH = re.compile(
    r"/(?:log-?in|sign-?in|signon|sso|auth|session/new|users?/sign_in|connexion|anmelden|acceso|accedi)(?:[/.;]|$)",
    re.IGNORECASE,
)
_PASSWORD_FIELD = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?password\b""", re.IGNORECASE)
_SIGN_IN_WORDS = re.compile(  # not "sign in" alone: "the presidents sign in March" is a story's
    r"\b(?:sign|log)[- ]?in (?:to|with|or)\b|\bcreate (?:an|your) account\b|"
    r"\bpassword\b|\bmot de passe\b|\bpasswort\b|\bcontrase[ñn]a\b",
    re.IGNORECASE,
)
_SIGN_IN_MAX_WORDS = 150  # a sign-in page says little


def sign_in_page(html: str, text: str, address: str, link: str) -> bool:
    """Whether the page read for the story at `link` (reached at `address`, its text `text`) is a sign-in page, not
    the story: redirected to an address whose path is a sign-in's ("/login", "/signin", "/auth"), or a page of
    few words, about signing in, holding a password field. Read as the story, its words ("Enter your email
    address and password to read this article") were stored and sent as the summary."""
    if address != link and _SIGN_IN_PATH.search(urlsplit(address).path):
        return True
    return (len(text.split()) <= _SIGN_IN_MAX_WORDS and bool(_SIGN_IN_WORDS.search(text))
            and bool(_PASSWORD_FIELD.search(html)))


_PARALLEL_MIN = 3  # paragraphs in each language: a story quoting a sentence or two in English is no parallel text
_PARALLEL_WORDS = 6  # a shorter paragraph (a column's heading, "Français") says too little of its language


def english_of_parallel_text(text: str) -> str | None:
    """The English paragraphs of a page that gives its story in English and in another language side by side (a
    joint statement in two columns, a bilingual government's release), or None when it is no such page: at least
    _PARALLEL_MIN paragraphs in each, neither more than twice the other. Read whole, its summary gave a sentence
    and then the same sentence in French."""
    sized = [line for line in text.split("\n\n") if len(line.split()) >= _PARALLEL_WORDS]
    english = [line for line in sized if reads_as_english(line)]
    other = len(sized) - len(english)
    if min(len(english), other) < _PARALLEL_MIN or max(len(english), other) > 2 * min(len(english), other):
        return None
    return "\n\n".join(english)


_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
# What a browser running scripts skips: a refresh there sends only a reader without them on ("enable JavaScript").
_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
_REFRESH = re.compile(r"""http-equiv\s*=\s*["']?refresh""", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_REFRESH_TO = re.compile(r"""^\s*(\d+(?:\.\d*)?)\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s][^"']*)["']?\s*$""", re.IGNORECASE)
# A page that sends the browser on within this many seconds is a way to another page (a moved release's old
# address), not a page of its own: one that reloads itself every few minutes is a live page.
_REFRESH_SOON = 10.0


def refresh_target(html: str, url: str) -> str | None:
    """Where a page sends the browser on at once by `<meta http-equiv="refresh" content="0; url=...">`, made
    absolute against `url`; None when it sends nowhere, later than _REFRESH_SOON seconds, or to itself. Its text
    ('You are being redirected... click here') is no story. The address may be any scheme: the caller follows a
    web address only."""
    for tag in _META_TAG.finditer(_NOSCRIPT.sub("", html[:100_000])):
        if not _REFRESH.search(tag.group(0)):
            continue
        content = _CONTENT.search(tag.group(0))
        found = _REFRESH_TO.match(content.group(1) or content.group(2) or "") if content else None
        if found is None or float(found.group(1)) > _REFRESH_SOON:
            continue
        target = urljoin(url, found.group(2).strip().replace("&amp;", "&"))
        if target.split("#", 1)[0] != url.split("#", 1)[0]:
            return target
    return None


_ANY_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_HIDDEN_MARKUP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_SCRIPT_SENDS_ON = re.compile(
    r"""\b(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*(["'])([^"'\s]{1,2000})\1"""
    r"""|\b(?:window\.|document\.|top\.|self\.)?location\.(?:replace|assign)\(\s*(["'])([^"'\s]{1,2000})\3\s*\)""")
_CLICK_PAGE_TEXT = 300  # characters of text a page that only sends the browser on may show ("Redirecting...")


def script_target(html: str, url: str) -> str | None:
    """Where a page with no text of its own sends the browser on by a script (`window.location.replace("...")`,
    `location.href = "..."`): an aggregator's click page. Its story was stored with the feed's line, as its page
    held none. A page with text of its own (a story whose scripts name other addresses), or with its story in its
    data (an app's shell whose script sends a reader without a cookie to a consent page), is read as it is; the
    address may be any scheme, and the caller follows a web address only."""
    head = html[:200_000]
    if len(" ".join(_HIDDEN_MARKUP.sub(" ", head).split())) > _CLICK_PAGE_TEXT:
        return None
    if _story_in_scripts(head):  # an app's shell with its story in its data (JSON-LD): read from there
        return None
    for script in _ANY_SCRIPT.finditer(head):
        found = _SCRIPT_SENDS_ON.search(script.group(1))
        if found is None:
            continue
        target = urljoin(url, (found.group(2) or found.group(4)).replace("\\/", "/"))
        if target.split("#", 1)[0] != url.split("#", 1)[0]:
            return target
    return None


_FRAMESET = re.compile(r"<frameset\b", re.IGNORECASE)
_MAIN_FRAME = re.compile(r"main|content|body|text|article|story|right", re.IGNORECASE)
_NOT_MAIN_FRAME = re.compile(r"nav|menu|top|head|banner|foot|left|logo", re.IGNORECASE)


def _frame_share(size: str) -> float:
    """A frame's share of its frameset, from its entry in `rows`/`cols`: "85%" is 85, "*" the rest (taken as 50),
    pixels small."""
    size = size.strip()
    if size.endswith("%") and size[:-1].strip().isdigit():
        return float(size[:-1])
    if size.endswith("*"):
        return 50.0 * (float(size[:-1]) if size[:-1].strip().isdigit() else 1.0)
    return 1.0


def frame_target(html: str, url: str) -> str | None:
    """The frame of a frameset page that holds its story, made absolute against `url`: the one whose name says it is
    the main one, else the largest that no name marks as a menu or a banner; None for a page that is no frameset.
    An older site's releases served in frames had no text of their own, and were stored with their feed's one line.
    The address may be any scheme: the caller follows a web address only."""
    if not _FRAMESET.search(html[:100_000]):
        return None
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    frames: list[tuple[float, str, str]] = []  # (share, name, src)
    for frameset in root.iter("frameset"):
        sizes = (frameset.get("rows") or frameset.get("cols") or "").split(",")
        children = [child for child in frameset if child.tag in ("frame", "frameset")]
        for n, child in enumerate(children):
            if child.tag == "frame" and (child.get("src") or "").strip():
                share = _frame_share(sizes[n]) if n < len(sizes) and sizes[n].strip() else 50.0
                name = f"{child.get('name') or ''} {child.get('id') or ''} {child.get('title') or ''}"
                frames.append((share, name, child.get("src", "").strip()))
    if not frames:
        return None
    named = [frame for frame in frames if _MAIN_FRAME.search(frame[1]) and not _NOT_MAIN_FRAME.search(frame[1])]
    unmarked = [frame for frame in frames if not _NOT_MAIN_FRAME.search(frame[1])]
    _, _, src = max(named or unmarked or frames, key=lambda frame: frame[0])
    target = urljoin(url, src.replace("&amp;", "&"))
    return target if target.split("#", 1)[0] != url.split("#", 1)[0] else None


# Where a page's date is looked for: its markup alone (meta tags, schema.org data, <time>, an element whose class
# names a date), its publication before its last change. trafilatura's default also searches the words of the page
# and took "the accord signed on 12 March 2019" for the date of a story published this week.
_DATE_IN_MARKUP = {"extensive_search": False, "original_date": True}
# A line of a page that gives its date after a label: "Published: 3 December 2026", "Issued on 3 Dec 2026",
# "Date: 2026-12-03", "Posted December 3, 2026". A line of its own (a short element that begins so): a sentence of
# the story ("the prisoners released on 12 March 2019") is not the page's date.
# A US agency's page says "Release Date: 03/04/2026", "Date: Wednesday, March 4, 2026" or, as Drupal writes it,
# "Wed, 03/04/2026 - 10:30": a label of two words, a weekday before the day, a day in figures with slashes (read day
# first here, as the date finder reads it; `_month_first_if_its_country_writes_so` reads it again for a US page).
_LABELLED_DATE = re.compile(
    r"(?:published|posted|issued|released|release date|date released|date issued|date)\s*(?:on\s*)?:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s+)?"
    r"(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\b",
    re.IGNORECASE,
)
# The same in the other languages of government pages, a month by its name ("Publié le 3 décembre 2026",
# "Veröffentlicht am 3. Dezember 2026", "Publicado el 3 de diciembre de 2026", "Pubblicato il 3 dicembre 2026"):
# a day written in figures alone is read day first there, and is left to the markup.
_LABELLED_DAY_ELSEWHERE = re.compile(
    r"(?:(publié|mis en ligne|date de publication)|(veröffentlicht|datum)|(publicado|fecha de publicación)|"
    r"(pubblicato|data di pubblicazione))\s*(?:le|am|el|em|il)?\s*:?\s*"
    r"(\d{1,2}(?:er|\.|º)?\s+(?:de\s+)?[^\W\d_]{3,12}\.?\s+(?:de\s+)?\d{4})\b",
    re.IGNORECASE,
)
_LABEL_LANGUAGES = ("fr", "de", "es", "it")
_DATE_LINE_MAX = 100  # characters: a line that gives a date, not a paragraph that mentions one
_DAY_FORMS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d")


def _short_lines(html: str) -> Iterator[str]:
    """The page's short lines of words (a date line's length at most), in order: each block's words on one line,
    a term list's label ("Release Date:") joined to the term it names; scripts and templates are no words."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return
    for node in list(root.iter("script", "style", "noscript", "template")):
        if node.getparent() is not None:
            node.drop_tree()
    for element in root.iter("p", "div", "span", "time", "li", "dd", "small", "header", "section", "td", "h2", "h3",
                             "h4", "h5", "h6"):
        line = " ".join(element.text_content().split())
        label = element.getprevious() if element.tag == "dd" else None
        if label is not None and label.tag == "dt":  # a list of terms: "Release Date:" beside its day
            line = " ".join([*label.text_content().split(), line])
        if len(line) <= _DATE_LINE_MAX:
            yield line


def labelled_date(html: str) -> date | None:
    """The day a page gives as its own on a line of its words that begins with a label ("Published: 3 December
    2026"), the first such line; None when it gives none (or a day after tomorrow in UTC, begun nowhere yet). A
    press office's page that says its date so, in no markup a date finder reads, was dated when it was fetched."""
    for line in _short_lines(html):
        found = _LABELLED_DATE.match(line)
        if found is not None:
            return _day_written(found.group(1))
        elsewhere = _LABELLED_DAY_ELSEWHERE.match(line)
        if elsewhere is not None:
            language = next(code for code, label in zip(_LABEL_LANGUAGES, elsewhere.groups()[:4], strict=True)
                            if label)
            return _day_in_words(elsewhere.group(5), language)
    return None


_PAGE_LANGUAGE = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""",
                            re.IGNORECASE)


def _month_first_if_its_country_writes_so(html: str, day: date, url: str | None = None) -> date:
    """A page's day read again month first when the page is in US English (`<html lang="en-US">`), or in English
    naming no country on a US government site (`.gov`, `.mil`), and gives it only in figures with slashes
    ("Published: 12/01/2026"): the date finder reads those day first, and a US agency's release of 1 December was
    dated 12 January and shown eleven months old. A day the page also gives in ISO form (a `<time datetime>`, a
    meta tag) is as given."""
    if day.day > 12 or day.day == day.month or day.isoformat() in html:
        return day
    from bot.ingest.parse import writes_month_first

    language = _PAGE_LANGUAGE.search(html[:5000])
    tag = language.group(1) if language else ""
    us_site = tag.lower().replace("_", "-") in ("", "en") and _us_government_site(html, url)
    if not (writes_month_first(tag) or us_site):
        return day
    if not re.search(rf"(?<![\d/])0?{day.day}/0?{day.month}/{day.year}(?![\d/])", html):
        return day
    swapped = date(day.year, day.day, day.month)
    return swapped if swapped <= datetime.now(UTC).date() + timedelta(days=1) else day


_US_GOVERNMENT_HOST = re.compile(r"\.(?:gov|mil)\.?$", re.IGNORECASE)
_CANONICAL_HREF = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _us_government_site(html: str, url: str | None) -> bool:
    """Whether a page is on a US government site: its address, or the canonical address it names, is under .gov or
    .mil, the top-level domains only the US government holds (another country's is gov.uk, gov.au, ...)."""
    addresses = [url or ""]
    tag = _CANONICAL_HREF.search(html[:200_000])
    href = _HREF.search(tag.group(0)) if tag else None
    if href is not None:
        addresses.append(href.group(1))
    for address in addresses:
        try:
            host = urlsplit(address.strip()).hostname or ""
        except ValueError:
            continue
        if _US_GOVERNMENT_HOST.search(host):
            return True
    return False


def _day_in_words(text: str, language: str) -> date | None:
    """A day written with its month's name in `language` ("3 décembre 2026"); None when it reads as none, or is a
    day after tomorrow in UTC."""
    from bot.ingest.parse import parse_date_text  # dateparser loads on first need: most pages never get here

    moment = parse_date_text(text, language)
    day = moment.date() if moment is not None else None
    return day if day is not None and date(1970, 1, 2) <= day <= datetime.now(UTC).date() + timedelta(days=1) else None


def _day_written(text: str) -> date | None:
    """A day written as "3 December 2026", "Dec. 3rd, 2026", "2026-12-03" or "03/12/2026" (day first, unless its
    first figure is no day of a month); None when it reads as none, or is a day after tomorrow in UTC."""
    written = " ".join(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[.,]", "", text, flags=re.IGNORECASE).split())
    slashed = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", written)
    if slashed is not None:
        first, second, year = (int(part) for part in slashed.groups())
        in_month, month = (second, first) if first > 12 else (first, second)
        written = f"{year:04d}-{month:02d}-{in_month:02d}"
    for form in _DAY_FORMS:
        try:
            day = datetime.strptime(written, form).date()
        except ValueError:
            continue
        return day if date(1970, 1, 2) <= day <= datetime.now(UTC).date() + timedelta(days=1) else None
    return None


def _date(value: str) -> date | None:
    """A date from an ISO string's first ten characters, or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _extract_markup(html: str, url: str | None) -> Extracted | None:
    """The article trafilatura finds in the page's markup, its lines cleaned."""
    raw = trafilatura.extract(
        prepare_page(html),
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=True,  # a data table's rows (sums, dates); a layout table was unwrapped before
        favor_precision=True,
        deduplicate=False,  # its cache spans calls: a page seen again, or wire copy seen twice, lost paragraphs
        date_extraction_params=_DATE_IN_MARKUP,
    )
    if not raw:
        return None
    data = json.loads(raw)
    title = (data.get("title") or "").strip()
    lines = _without_headline(clean_lines((data.get("text") or "").split("\n")), title)
    if not lines:
        return None
    return Extracted(title=title, text="\n\n".join(lines),
                     published=_date(data.get("date") or "") or labelled_date(html))
