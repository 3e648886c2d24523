"""Pure functions on article text: sentences, summary, quotes, pledges, deadlines, demands. No I/O, storage or
platform here.

`analyze` is the one entry point the rest of the bot uses; it runs once per article, at ingest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from bot.analysis import syntax
from bot.analysis.cjk import CJK_QUOTES, cjk_quotes, is_cjk
from bot.analysis.deadlines import due_from_the_signing
from bot.analysis.debris import is_caption
from bot.analysis.demands import extract_demands
from bot.analysis.language import reads_as_english
from bot.analysis.model import Analysis, Demand, Pledge, Quote
from bot.analysis.pledges import PledgeCollector, op_ed_side
from bot.analysis.quotes import QuoteReader
from bot.analysis.rules import rule
from bot.analysis.sentences import split_paragraphs, split_sentences
from bot.analysis.summary import summarize

__all__ = ["Analysis", "Demand", "Pledge", "Quote", "analyze", "warm_up"]

DEFAULT_SUMMARY_SENTENCES = 4


def warm_up() -> None:
    """Loads what analysis loads on first use (the English pipeline), so that a long-running bot pays it at start,
    once, rather than inside its first ingest pass."""
    syntax.pipeline()


CAPTION_IS_NO_STORY = rule(
    "pledges.caption-is-no-story",
    "a picture's caption set as its own short paragraph ('Pictured: ...', '... (Photo: Ivo Sand)', '... Reuters') is "
    "not the story's text: no quote or pledge is read from it (the summary leaves it out as furniture)",
)


ARRIVAL_IS_NO_DEED = rule(
    "summary.arrival-is-no-deed",
    "\"the ministry said the first gas would flow within ten days\": a thing arriving on time is read as a pledge for "
    "its deadline, but a digest gives its room to the deal and the acts the sides agreed, so a sentence whose only "
    "pledges are such arrivals does not weigh as a commitment",
)


def _weighed_commitments(pledges: list[Pledge], arrivals: list[str]) -> list[str]:
    """The pledges' sentences the summary weighs as commitments: not one whose every pledge is a thing arriving."""
    if not ARRIVAL_IS_NO_DEED:
        return [p.evidence for p in pledges]
    arriving = Counter(arrivals)
    pledged = Counter(p.evidence for p in pledges)
    return [p.evidence for p in pledges if arriving[p.evidence] < pledged[p.evidence]]


def _is_caption_paragraph(paragraph: str, sentences: list[str]) -> bool:
    """A short paragraph (as split_paragraphs gives it, spaces folded; `sentences` its split) that is a picture's
    caption or credit as a whole (see debris.is_caption): one sentence, or one and the credit after its stop
    ("... visits the quay. Reuters")."""
    if len(paragraph.split()) > 60:
        return False
    if len(sentences) > 2 or len(sentences) == 2 and len(sentences[1].split()) > 3:
        return False
    return is_caption(paragraph)


def _dated_from_the_signing(pledge: Pledge, text: str, published: date) -> Pledge:
    """A pledge counted from a signing the story dates gets that due date (deadlines.due_from_the_signing)."""
    if pledge.due is not None:
        return pledge
    due = due_from_the_signing(pledge.when, text, published)
    return replace(pledge, due=due) if due is not None else pledge


def analyze(
    title: str,
    text: str,
    *,
    published: date | None = None,
    sentences: int = DEFAULT_SUMMARY_SENTENCES,
    demands: bool = True,
) -> Analysis:
    """Summary, quotes and pledges of one article; `text` holds paragraphs separated by blank lines.

    Quotes and pledges are found first so that the summary can favour the sentences that carry them.
    Demands and proposals are found only when asked (`communique analyze` shows them; digests do not).
    """
    paragraphs = split_paragraphs(text)
    split = [split_sentences(p) for p in paragraphs]
    collector = PledgeCollector(published, op_ed_side(paragraphs))  # an op-ed's "we" is its author's side
    story = [p for p, in_it in zip(paragraphs, split, strict=True)
             if not (CAPTION_IS_NO_STORY and _is_caption_paragraph(p, in_it))]
    quotes = QuoteReader(on_sentence=collector).read(story)  # one reading: quotes and pledges
    english = reads_as_english(text)  # the pledge and demand readers read English grammar only
    if CJK_QUOTES and is_cjk(text):
        quotes = cjk_quotes(story)  # no capitals, no spaces: the English reader finds no speaker there
    pledges = collector.pledges if english else []
    if published is not None:  # "within 90 days of signing", the story saying the accord was signed on Wednesday
        pledges = [_dated_from_the_signing(p, text, published) for p in pledges]
    found_demands = extract_demands([s for sentences in split for s in sentences]) if demands and english else []
    summary = summarize(
        split,
        sentences,
        commitments=frozenset(_weighed_commitments(pledges, collector.arrivals) + (collector.stances if english else [])),
        quotes=tuple(q.text for q in quotes),
        title=title,
        english=english,
    )
    return Analysis(summary=summary, quotes=quotes, pledges=pledges, demands=found_demands, english=english)
