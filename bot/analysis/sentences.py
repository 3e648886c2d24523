"""An offline sentence splitter for news copy.

sumy's stock tokenizer needs NLTK data that cannot be downloaded here, and pysbd is accurate but slow (half the
time of a stock analysis), so Communiqué splits sentences itself: a regular expression proposes boundaries after
. ! ? … (and closing quotes or brackets) before a capital, a digit or an opening quote, and a list of
abbreviations common in diplomatic copy ("Mr.", "U.S.", "Gen.", "Oct.") vetoes the false ones. Each decision
looks at a few characters only, so the time grows linearly with the text.
"""

from __future__ import annotations

import re

from bot.analysis.rules import rule

# Abbreviations that never end a sentence when a capital follows ("Mr. Lavrov", "Gen. Brown", "Oct. 31").
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "cdr", "sgt", "adm", "sen",
        "rep", "gov", "amb", "pres", "st", "vs", "v", "e.g", "i.e", "cf", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pp", "p", "mt", "ft", "rev", "hon", "no", "nos",
        "fig", "approx", "dept", "est", "gov't", "sr", "jr", "corp", "inc", "ltd", "co", "calif", "mass",
        "fla", "wash", "ariz", "penn", "conn", "ill", "mich", "gens", "messrs", "mme", "mlle", "sec", "ret",
    }
)
# Abbreviations that end a sentence when they close a clause ("... ended at 5 p.m. Officials then ..."), unless
# a time zone or a weekday follows ("5 p.m. Friday"). Initials of places are handled by SENTENCE_OPENERS.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "a.m", "p.m", "jr", "sr", "inc", "corp", "ltd", "co"})
# After a country's or a place's initials ("U.S.", "U.K.", "D.C."), a capitalised word more often goes on with the
# noun phrase ("the U.S. Pacific Command", "U.K. Prime Minister", "U.S. National Security Adviser") than starts a
# new sentence. A new sentence after initials opens with one of these closed-class words ("... born in the U.S.
# He moved ...", "... imposed by the U.S. The European Union followed"); anything else continues.
SENTENCE_OPENERS = frozenset(
    """
    the a an he she it they we i you his her its their our my this that these those there here but and or so yet
    if when while after before as at in on of for from to by with without however meanwhile still also although
    though because since what why how who whom which where some many most all both each every no not nor one two
    three four five six seven eight nine ten several few earlier later then now asked speaking under over amid
    among despite during until unless last next first officials critics analysts
    """.split()
)
# After a time of day or a company suffix, these still belong to the sentence ("5 p.m. Friday").
_TIME_CONTINUATIONS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "gmt", "utc", "et", "est",
     "local", "edt", "bst", "cet"}
)

_INITIALISM = re.compile(r"(?:[a-z]\.){1,3}[a-z]")
_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[A-Z0-9À-ÝА-Я])""")
# A state agency's dateline, "TALBERG, March 9. /NNA/.", "MOSCOW, Jan. 5. /TASS/." or "VELM, 9 May. /Norland
# Today/.": its full stops belong to the lead sentence that follows (annotators and readers keep the dateline with
# the lead).
_AGENCY_DATELINE = re.compile(
    r"[A-Z][A-Z .’'-]{1,40},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\.?\s*"
    r"/[A-Z][A-Za-z-]{1,15}(?: [A-Z][A-Za-z-]{1,15}){0,2}/\.?\s*"
)
_LOOKBACK = 40


# A wire dateline before the lead: "OSLO (Wire) – ", "TALBERG, June 18 (NNA) – ", "MOSCOW, March 9. /TASS/.",
# "VELM, 9 May. /Norland Today/.", and the double hyphen some wires type for a dash ("KESH, Nov. 12 (Wire) -- ").
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .’'-]{1,40}(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\.?)?\s*"
    r"(?:\([^()]{1,40}\)|/[^/]{1,20}/\.?)?\s*(?:--|[-–—])?\s+"
    r"(?=\S)"
)


def strip_dateline(text: str) -> str:
    """The text without a wire dateline at its start (a dateline names a place and an agency, never a subject)."""
    match = _DATELINE.match(text)
    if match and (re.search(r"[(/]", match.group(0)) or re.search(r"[-–—]\s+$", match.group(0))):
        return text[match.end() :]
    return text


STAMP_LINE = rule(
    "debris.stamp-line",
    "a live page's time stamp on a line of its own ('18:42') ends its paragraph, even with no blank line after it",
)
STAMPED_HEADLINE = rule(
    "sentences.stamped-headline-line",
    "a live page's entry headline after its time stamp on a line of its own ('17:55 — Talks resume', no full stop) "
    "ends its paragraph: folded into the entry's first sentence, it made one run-on sentence of both",
)
BULLET_LINE = rule(
    "sentences.bullet-line",
    "a line opened by a bullet ('- ', '• ', '* ') is an item of its own, not the end of the line before it",
)
DATE_LINE = rule(
    "sentences.date-line",
    "a bare date on a line of its own ('12 March 2025', 'Monday, 3 June') ends its paragraph, even with no blank "
    "line after it: folded in, it opened the next sentence, reached the summary and was read as a name or a deadline",
)
REPORTER_LINE = rule(
    "sentences.reporter-line",
    "a transcript line opened by a reporter's label ('Reporter from Radio Velm: Last year the minister promised ...') "
    "is the question: it commits nobody and is no summary sentence",
)
# An interviewer's label opening a transcript line: "Q:", "Q.", "Question:", "QUESTION:".
QUESTION_LABEL = re.compile(r"(?:Q|QUESTION|Question)\s*[:.]\s")
# "Reporter:", "Reporter from the Northern Herald:", "Journalist (Velm Daily):", "A correspondent of Radio Estavia:"
REPORTER_LABEL = re.compile(
    r"(?:(?:A|The|Another)\s+)?(?:[A-Z][\w-]*\s+)?(?:[Rr]eporter|[Jj]ournalist|[Cc]orrespondent)\b[^:.!?\"“”]{0,60}:\s"
)
# A time stamp, a dash and a headline with no closing stop, on a line of its own, with more text after it.
_STAMPED_HEADLINE = re.compile(
    r"^[ \t]*\d{1,2}[:.]\d{2}(?:[ \t]*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?[ \t]*[—–-][ \t]*[^\n]*[^\s.!?:;,\"”’'][ \t]*(?=\n[ \t]*\S)",
    re.MULTILINE,
)
# A newline, then a bullet mark and a space: the item starts a paragraph of its own.
_BULLET_LINE = re.compile(r"\n[ \t]*(?=[-•*▪][ \t]+\S)")
# A date on a line of its own that opens a paragraph (a wrapped sentence may break before a date), with a weekday, a year or a clock time or not: "12 March 2025", "Monday, 3 June",
# "March 12, 2025 14:05 GMT", "12.03.2025".
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
    r"Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_LINE = re.compile(
    r"(?:\A|\n[ \t]*\n)[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH_NAME}|{_MONTH_NAME}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})"
    r"(?:,?[ \t]+\d{4})?(?:,?[ \t]+\d{1,2}[:.]\d{2}(?:[ \t]*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?)?[ \t]*(?=\n)",
)
# A live page's time stamp on a line of its own: "18:42", "09.15 GMT", "7:05 pm", "21:48 BST".
_STAMP_LINE = re.compile(r"^[ \t]*\d{1,2}[:.]\d{2}(?:[ \t]*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?[ \t]*$", re.MULTILINE)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines (single newlines inside a paragraph are folded).

    A live page's time stamp on a line of its own is a paragraph of its own even with no blank line after it
    ("18:42\nThat's where we leave it ..."): folded in, it opened the next sentence and reached the summary.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if STAMP_LINE:
        text = _STAMP_LINE.sub(lambda m: m.group(0) + "\n", text)
    if DATE_LINE and "\n" in text:
        text = _DATE_LINE.sub(lambda m: m.group(0) + "\n", text)
    if STAMPED_HEADLINE and "\n" in text:
        text = _STAMPED_HEADLINE.sub(lambda m: m.group(0) + "\n", text)
    if BULLET_LINE and "\n" in text:
        text = _BULLET_LINE.sub("\n\n", text)
    paragraphs = re.split(r"\n[ \t\f\v]*\n", text)
    return [re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip()]


def _word_before(paragraph: str, dot: int) -> str:
    """The word that ends at the full stop at `dot`, lower case and without its final dot ("u.s", "mr")."""
    window = paragraph[max(0, dot - _LOOKBACK) : dot]
    space = max(window.rfind(" "), window.rfind("("), window.rfind("\u00a0"))
    word = window[space + 1 :]
    return word.lower().lstrip("\"'“‘«(").rstrip(".")


def _next_word(paragraph: str, position: int) -> str:
    """The word that follows a proposed boundary, lower case, without opening quotes or brackets."""
    window = paragraph[position : position + 30].lstrip()
    word = window.split(" ", 1)[0] if window else ""
    return word.strip("\"'“‘«([,;:").lower()


ORDINAL_DATE = rule(
    "sentences.ordinal-date",
    "a day written as an ordinal before its month, as German and Nordic copy write it ('VELM, 21. Mai - ...', 'am 3. "
    "Januar'; English months after '3.' are left alone) is a date, not a sentence's end",
)
# Months as German and the Nordic languages write them after a day's ordinal full stop ("21. Mai", "3. marts").
_ORDINAL_MONTHS = frozenset(
    """
    januar jänner februar märz april mai juni juli august september oktober november dezember
    marts mars maj desember december
    """.split()
)


def _is_false_boundary(paragraph: str, match: re.Match[str]) -> bool:
    """A full stop that belongs to an abbreviation or an initial rather than to the end of a sentence."""
    punctuation = match.group(1)
    if not punctuation.startswith(".") or len(punctuation.rstrip("\"'”’»)]")) > 1:
        return False
    if punctuation != ".":
        # "... the U.S.)" or '... said "the U.S."' still ends the sentence if the dot closes it.
        return False
    token = _word_before(paragraph, match.start(1))
    if not token:
        return False
    following = _next_word(paragraph, match.end())
    if token in SENTENCE_FINAL_ABBREVIATIONS:
        return following in _TIME_CONTINUATIONS
    if token in ABBREVIATIONS:
        return True
    if ORDINAL_DATE and token.isdigit() and 1 <= int(token) <= 31 and following in _ORDINAL_MONTHS:
        return True  # "21. Mai", "am 3. Januar": the day of a date
    if _INITIALISM.fullmatch(token):  # "U.S.", "U.K.", "D.C.", "N.Y.": see SENTENCE_OPENERS
        return following not in SENTENCE_OPENERS
    return len(token) == 1 and token.isalpha()  # an initial: "Charles Q. Brown"


CJK_STOP = rule(
    "sentences.cjk-stop",
    "in Chinese and Japanese copy 。！？ (full-width, half-width ｡, and ! ? after a Han or kana character) end a "
    "sentence with no space or capital after them, but never inside 「」『』“” (a quote's last stop stays with a short "
    "attribution after it: '“……。”高明说。')",
)
HANGUL_OPENER = rule(
    "sentences.hangul-opener",
    "Korean copy spaces its words and ends sentences with . ! ?, but a Hangul syllable has no capital: a stop and a "
    "space before one is a sentence's end",
)
# Han, kana (with the prolonged sound mark) and their punctuation block: a script written without spaces.
_CJK_CHAR = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_TEXT = re.compile(f"[{_CJK_CHAR}]")
_CJK_STOP = re.compile(f"(?:[。！？｡]+|(?<=[{_CJK_CHAR}])[!?]+)[」』”’）)】]*")
_CJK_OPENERS = "「『“"
_CJK_CLOSERS = "」』”"
# What follows a quote's closing mark and still belongs to its sentence: a short attribution and its stop.
_CJK_ATTRIBUTION_AFTER = re.compile(
    "[，,]?\\s*[^。！？｡\\s]{1,15}?(?:说|表示|称|指出|强调|补充|述べた|語った|話した)[^。！？｡]{0,4}[。！？｡]"
)
_HANGUL_TEXT = re.compile("[\\uac00-\\ud7a3]")
_HANGUL_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[\uac00-\ud7a3])""")


CASELESS_OPENER = rule(
    "sentences.caseless-script-opener",
    "Arabic, Hebrew, Georgian, Ethiopic, Armenian and Devanagari letters have no capitals: a stop (. ! ? … ؟ ። ։ ।) "
    "and a space before one ends a sentence, as a capital would; without it a paragraph was one summary sentence",
)
# Hebrew, Arabic (and its supplements), Armenian, Devanagari, Georgian and Ethiopic letters.
_CASELESS_CHAR = "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0531-\u0587\u0900-\u097f\u10a0-\u10ff\u1200-\u137f"
_CASELESS_TEXT = re.compile(f"[{_CASELESS_CHAR}]")
_CASELESS_BOUNDARY = re.compile(
    f"([.!?…؟።፧։।]+[\"'”’»)\\]]*)(\\s+)(?=[\"'“‘«„(\\[]?[{_CASELESS_CHAR}])"
)


def _caseless_boundaries(paragraph: str) -> list[tuple[int, int]]:
    """(end of the sentence, start of the next) at each stop before a caseless letter, outside «» and “” quotes: a
    quote of two sentences stays whole, so no summary sentence ends inside it."""
    found: list[tuple[int, int]] = []
    depth, at = 0, 0
    for match in _CASELESS_BOUNDARY.finditer(paragraph):
        for char in paragraph[at : match.end(1)]:
            depth += char in "«“"
            depth -= char in "»”" and depth > 0
        at = match.end(1)
        if depth == 0:
            found.append((match.end(1), match.end()))
    return found


def _cjk_boundaries(paragraph: str) -> list[tuple[int, int]]:
    """(end of the sentence, start of the next) after each Chinese or Japanese stop outside quotes."""
    found: list[tuple[int, int]] = []
    depth = 0
    at = 0
    for match in _CJK_STOP.finditer(paragraph):
        for char in paragraph[at : match.start()]:
            depth += char in _CJK_OPENERS
            depth -= char in _CJK_CLOSERS and depth > 0
        stop = match.group(0)
        before = depth
        for char in stop:
            depth -= char in _CJK_CLOSERS and depth > 0
        at = match.end()
        if before > 0 and depth > 0:
            continue  # a stop inside a quote: the quote goes on
        if before > 0 and _CJK_ATTRIBUTION_AFTER.match(paragraph, at):
            continue  # '“……。”高明说。': the quote's speaker follows in the same sentence
        follows = len(paragraph) - len(paragraph[at:].lstrip())
        if follows < len(paragraph):
            found.append((at, follows))
    return found


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph, without surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    dateline = _AGENCY_DATELINE.match(paragraph)
    dateline_end = dateline.end() if dateline else 0
    boundaries = [
        (match.end(1), match.end())
        for match in _BOUNDARY.finditer(paragraph)
        if match.start() >= dateline_end and not _is_false_boundary(paragraph, match)
    ]
    if CJK_STOP and _CJK_TEXT.search(paragraph):
        boundaries = sorted({*boundaries, *_cjk_boundaries(paragraph)})
    if HANGUL_OPENER and _HANGUL_TEXT.search(paragraph):
        boundaries = sorted({*boundaries, *((m.end(1), m.end()) for m in _HANGUL_BOUNDARY.finditer(paragraph))})
    if CASELESS_OPENER and _CASELESS_TEXT.search(paragraph):
        boundaries = sorted({*boundaries, *_caseless_boundaries(paragraph)})
    for end, after in boundaries:
        if end <= start:
            continue
        _append_span(paragraph, start, end, spans)
        start = after
    _append_span(paragraph, start, len(paragraph), spans)
    return spans


def _append_span(paragraph: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences (a sentence inside a multi-sentence quote is its own sentence)."""
    return [paragraph[start:end] for start, end in sentence_spans(paragraph)]


def sentences_of(text: str) -> list[list[str]]:
    """The text as paragraphs of sentences."""
    return [split_sentences(p) for p in split_paragraphs(text)]


# "An earlier version of this post said ...": a live page's correction of what it wrongly reported; the pledge
# reader and the summary both pass over the sentence.
CORRECTED_WORDING = re.compile(
    r"\b(?:an?|the)\s+(?:earlier|previous|original)\s+(?:version|post|update|entry|report|edition|headline|story)\b"
    r"[^.;]{0,50}?\b(?:said|stated|reported|wrote|misstated)\b|\bincorrectly\s+(?:said|reported|stated|wrote)\b",
    re.IGNORECASE,
)
