"""Extractive summaries, built on sumy's document model, that carry what a diplomatic story is about.

A digest reader wants the story's main decision or commitment, its key quote and the counter-position, in a
few sentences. Stock centrality rankers (LexRank, TextRank) favour long, wordy sentences and miss the lead;
the lead alone misses the commitments further down. So Communiqué's summarizer (a sumy summarizer) rates each
sentence by what news writing signals: its place (the lead carries the story), whether it states a
commitment or decision, whether it carries the other side's answer or a key quote that says something, and how
central its words are (SumBasic-style word frequencies, with sumy's stemmer and stop words). Sentences that are
page furniture (`bot.analysis.debris`: bylines, captions, credits, subheadings, "Read more") are never chosen,
and a sentence too close to one already chosen is passed over. A digest of four sentences or more gives the other
side's answer even when the story puts it far down: wire copy often does.

Every sentence chosen reads alone: a piece of a quote whose start is elsewhere is never chosen, and a sentence that
opens on a pronoun or on "the body" waits until what it points at is in the summary. Every decision is a named
rule (`bot.analysis.rules`) with examples in tests/rules/summary.toml; the cue words are word lists
(wordlists/summary_*.txt). Each step is linear in the number of sentences, but for the look-back of a pronoun.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.utils import get_stop_words

from bot.analysis import lexicon
from bot.analysis.debris import is_debris
from bot.analysis.rules import cached, rule
from bot.analysis.sentences import CORRECTED_WORDING, QUESTION_LABEL, REPORTER_LABEL, REPORTER_LINE

_WORD = re.compile(r"[\w'’-]+")
_CUE_TOKEN = re.compile(r"\w+")  # cue words are read inside compounds too ("Iranian-backed", "U.S.-led")
_STOP_WORDS = frozenset(get_stop_words("english")) | {"said", "says", "told", "would", "also", "mr", "ms"}
_STEMMER = Stemmer("english")

# The words a sentence's content is read by: data (wordlists/summary_*.txt), each list a rule of its own.
DECISION_WORDS = lexicon.WordList("summary_decision")
UNSETTLED_WORDS = lexicon.WordList("summary_unsettled")
ATTRIBUTION_WORDS = lexicon.WordList("summary_attribution")
COUNTER_OPENERS = lexicon.WordList("summary_counter_openers")
COUNTER_WORDS = lexicon.WordList("summary_counter")
ANSWER_WORDS = lexicon.WordList("summary_answer")
NO_COMMENT_WORDS = lexicon.WordList("summary_no_comment")
FORECASTERS = lexicon.WordList("summary_forecasters")
SCENE_WORDS = lexicon.WordList("summary_scene")

TOPIC_SIGNATURE = rule(
    "summary.topic-signature",
    "a sentence that holds two or more of the story's own words (words it repeats that other stories seldom use: "
    "'dredger', 'estuary'; not 'minister', 'talks') weighs more: common words of the beat lift no sentence",
)
HEADLINE_REPEAT = rule("summary.headline-repeat", "a first line that repeats the headline is not summary")
QUOTE_FRAGMENT = rule("summary.quote-fragment", "a piece of a quote whose start is in another sentence is never chosen")
PERSON_ANTECEDENT = rule(
    "summary.person-antecedent", "a sentence opening on he/she is chosen only after the person it stands for"
)
POINTING_BACK = rule(
    "summary.pointing-back", "a sentence opening on 'they', 'the body', 'the move' is chosen only after the one before"
)
NEAR_DUPLICATE = rule("summary.near-duplicate", "a sentence that says much the same as one chosen is passed over")
ANSWER_SLOT = rule("summary.answer-slot", "a summary of four sentences or more gives the other side's answer")
COMMITMENT = rule("summary.commitment", "a sentence that states a commitment (a pledge found) weighs most")
KEY_QUOTE = rule("summary.key-quote", "a sentence with one of the first quotes, that commits or answers, weighs more")
OPENS_QUOTE = rule("summary.opens-quote", "a sentence that opens inside a quote is colour more often than substance")
BACKGROUND = rule("summary.background", "history (a year, 'previously', a past perfect) is not the other side's answer")
FORECAST = rule("summary.forecast", "what someone expects to happen is speculation, not the story's facts")
SCENE = rule("summary.scene", "how long a meeting lasted or who flew where weighs less than what was decided")
SHORT = rule("summary.short", "a sentence of under six content words carries little")
NOT_COMMITTED = rule(
    "summary.not-committed", "a side that has not committed, agreed or confirmed gives the other side's answer"
)
PAST_COMMITMENT = rule(
    "summary.past-commitment", "a commitment dated to an earlier month ('last September', 'first promised') is history"
)
OWN_ANTECEDENT = rule(
    "summary.own-antecedent",
    "a possessive after a clause that names its owner ('Norland has not agreed, its envoy said') points at nothing outside",
)
BARE_QUOTE = rule(
    "summary.bare-quote",
    "a sentence that is all quote, its speaker named elsewhere, is chosen only after the sentence before it",
)
QUOTE_THEN_PRONOUN = rule(
    "summary.quote-then-pronoun",
    "a quote credited only to a pronoun ('\"The money will come this month,\" she said in a statement.') points back "
    "as a sentence opening on 'she' does: it is chosen only after the person it stands for",
)
STATED_INTENTION = rule(
    "summary.stated-intention-is-no-deed",
    "\"expressed the intention to reopen its consulate before the end of the year\": a stated intention is read as a "
    "pledge for its time, but a digest gives its room to the acts the sides agreed or will do, so it does not weigh as "
    "a commitment",
)
_STATED_INTENTION = re.compile(
    r"\b(?:expressed|confirmed|reaffirmed|stated|declared|announced) (?:the|its|their|his|her|our) (?:firm )?"
    r"intention to\b"
)
QUOTE_LEFT_OPEN = rule(
    "summary.quote-left-open",
    "a sentence that opens a quote and ends with it still open ('\"We have agreed that the trains will run by "
    "January.') has its speaker in a later sentence: alone in a digest it is words from nobody, and is not chosen "
    "unless a pledge was read in it",
)
PROTOCOL_SCENE = rule(
    "summary.protocol-scene",
    "a minister received by another 'for consultations', a leader who 'delivered his annual address': the setting of "
    "a meeting or a speech, not what came of it",
)
PROFILE = rule(
    "summary.profile",
    "a portrait's colour about a person (', who is 61,', 'has been foreign minister for six years') is not the story",
)
SETTING_LEAD = rule(
    "summary.setting-lead",
    "a first sentence that only sets the scene (a reception, an address delivered, a portrait) does not weigh as the "
    "story's lead: the news comes after it",
)
CONTRIBUTOR_LINE = rule(
    "summary.contributor-line",
    "a line that only says who a writer or a guest is ('Ana Brisk is a former ambassador of Norland', 'Tom Hale is the "
    "Herald's diplomatic editor') is about the page, not the story",
)
AUTHOR_LINE = rule(
    "summary.writer-named-in-the-byline",
    "'By Marek Dalvani' and then 'Marek Dalvani is the foreign minister of Ostrania.': a line that says who the "
    "writer of the byline is, whatever the role, is about the page, not the story",
)
FORMER_WRITER_LINE = rule(
    "summary.writer-line-in-the-past",
    "'By Ada Reyes' and then, on a line of its own, 'Ada Reyes was Norland's ambassador to Estavia from 2012 to "
    "2018.': the line that says who the writer was is about the page, as one that says who the writer is",
)
PROGRAMME_LINE = rule(
    "summary.programme-running-order",
    "a broadcast's running order or its guests ('Tonight: the grain corridor.', 'I'm joined from the capital by our "
    "correspondent, Ada Brun.', 'With me in the studio is ...', 'After the news: ...') is the programme, not the story",
)
_PROGRAMME_LINE = re.compile(
    r"^(?:tonight|this (?:evening|morning)|coming up|also (?:tonight|ahead|coming up)|after the (?:news|break)|"
    r"later in the programme)\s*:|"
    r"^(?:i(?:'m|’m| am)|we(?:'re|’re| are)) (?:now )?joined (?:now )?(?:from|in|by|here|on the line)\b|"
    r"^(?:joining|with) (?:me|us) (?:now )?(?:in the studio|from|on the line|here)\b",
    re.IGNORECASE,
)
NEWSLETTER_WELCOME = rule(
    "summary.newsletter-welcome",
    "a newsletter's or a programme's welcome to itself by name ('Good morning and welcome to The Week in "
    "Diplomacy.', 'Hello, and welcome back to this week's edition of Harbour Notes.') is the page, not the story",
)
# The whole sentence is a greeting and the publication's name (capitalised words, an edition or issue of it), with
# at most an appositive for the reader ("..., your guide to the week"): a welcome that goes on with a clause
# ("Welcome to Brask, the mayor told the delegation") is a greeting reported in the story and stays.
_NEWSLETTER_WELCOME = re.compile(
    r"^(?:(?:good (?:morning|afternoon|evening)|hello|hi|greetings)(?:,? (?:everyone|all|again|readers))?,? and )?"
    r"welcome (?:back )?to (?:(?:this|today['’]s|this week['’]s|this month['’]s|the (?:latest|new|[\w-]+day(?:['’]s)?)|"
    r"(?-i:[A-Z])[\w-]*day['’]s|our|another) (?:(?:weekly|monthly|daily|special|latest) )?(?:edition|issue|instalment) of )?"
    r"(?-i:(?:[Tt]he |[Aa] )?[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|on|and|in|the|for|&)){0,5})"
    r"(?:, (?:your|our|the) [^.!?,;:]{0,60})?[.!]$",
    re.IGNORECASE,
)
BRIEFING_FORMALITY = rule(
    "summary.briefing-formality",
    "a briefing's greeting or its turn to questions ('MR. PELLANDER: Good afternoon, everybody.', 'A couple of "
    "things at the top, and then I'll take your questions.', 'Thanks, everybody.') is the room's manners, not the story",
)
ABOUT_THE_PAGE = rule(
    "summary.about-the-page", "a signpost to the reader, an editor's note or a columnist's line is not the story"
)
CORRECTED_SENTENCE = rule(
    "summary.corrected-earlier-version",
    "\"CORRECTION: An earlier post said Norland had agreed to ...\": the claim a page withdrew is not the story",
)
INTERVIEWER_QUESTION = rule(
    "summary.interviewer-question",
    "an interviewer's line in a question-and-answer ('Q: Will you meet him?', 'The Herald: And the talks?') is the "
    "question, not the story: none of its sentences is summary",
)
LIST_ITEM_FRAGMENT = rule(
    "summary.list-item-fragment",
    "a list item that opens in lower case ('- establish three centres by June' under 'Estavia will:') finishes its "
    "lead-in's sentence: alone it has no subject, so it is never chosen",
)
_LOWER_ITEM = re.compile(r"[-•*▪–]\s+[a-z]")
STAMP_AND_LABEL = rule(
    "summary.stamp-and-label-read-bare",
    "a live page's time stamp ('14:05 - ') or a programme's role label ('A:', 'ANCHOR:', 'REPORTER:') opening a "
    "sentence is not what it says: the sentence is read and shown without it",
)
# "14:05 - ", "09.15 GMT — ", "7:05 pm – " before an entry's first sentence, and the role labels of a transcript or a
# broadcast: the answer ("A:", "Answer:") and the programme's own voices in capitals ("ANCHOR:", "REPORTER:"). A
# speaker's name as a label ("Varga: We will ...") says who speaks, and stays.
_LEADING_STAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?\s*[—–-]\s+(?=\S)")
STAMP_WITHOUT_DASH = rule(
    "summary.stamp-without-a-dash",
    "a live page's clock time with no dash after it ('10:02 Finance Minister Ada Brun has begun ...') is the entry's "
    "stamp as much as one with a dash: the sentence is read and shown without it",
)
# "10:02 Finance Minister ...", "7:15 pm The talks ...", "09.40 GMT Norland ...": a clock time, written with a colon
# or with a zone, then a capital. A decimal before a capital ("1.50 Euros") has no colon and no zone, and a zone's
# letters are a closed list, so "10:02 EU leaders" keeps its "EU".
_LEADING_STAMP_BARE = re.compile(
    r"(?:\d{1,2}:\d{2}(?:[ \t]*(?:[AaPp]\.?[Mm]\.?|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|PST|PDT|IST|JST))?"
    r"|\d{1,2}\.\d{2}[ \t]*(?:[AaPp]\.?[Mm]\.?|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|PST|PDT|IST|JST))"
    r"[ \t]+(?=[A-Z\"“])"  # on the same line: a stamp on a line of its own is debris.stamp-line's
)
_ROLE_LABEL = re.compile(
    r"(?:A|ANSWER|Answer|ANCHOR|PRESENTER|HOST|NEWSREADER|REPORTER|CORRESPONDENT|NARRATOR|VOICE-OVER|VOICEOVER)"
    r"\s*:\s+(?=\S)"
)
_ROLE_LABEL_NAMED = re.compile(
    r"(?:ANCHOR|PRESENTER|HOST|NEWSREADER|REPORTER|CORRESPONDENT|NARRATOR)\s+\([^()]{1,40}\)\s*:\s+(?=\S)"
)


UPDATE_LABEL = rule(
    "summary.update-label",
    "a rolling story's label before an added paragraph ('UPDATE, 16:40: The ministry said ...', 'Update 2: ...') is "
    "the page's furniture, not what the sentence says: the sentence is read and shown without it",
)
# "UPDATE:", "UPDATE, 16:40:", "Update 2 -", "UPDATED (09.15 GMT):": the word, a number or a clock time at most, then
# a colon or a dash. "Updated figures show ..." has neither and stays.
_UPDATE_LABEL = re.compile(
    r"(?:UPDATED?|Updated?)(?:\s+\d{1,2})?(?:,?\s*\(?\d{1,2}[:.]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?\)?)?"
    r"\s*(?::|[—–-])\s+(?=\S)"
)


REDUNDANT_LABEL = rule(
    "summary.redundant-section-label",
    "a fact box's section label in capitals that the sentence names again ('ORSANIA: Orsania will write off ...') is "
    "not shown; one that says whose item it is ('ORLUND: The government is to ...') stays",
)
_SECTION_LABEL = re.compile(r"((?:THE )?[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,3})(?: \(\d\))?:\s+(?=\S)")


def bare(sentence: str) -> str:
    """The sentence without a live page's time stamp or a programme's role label before it (see STAMP_AND_LABEL),
    nor a fact box's section label that it repeats (REDUNDANT_LABEL)."""
    if not sentence[:1].isalnum():
        return sentence
    rest = sentence
    if STAMP_AND_LABEL:
        stamp = _LEADING_STAMP.match(rest)
        if stamp is None and STAMP_WITHOUT_DASH:
            stamp = _LEADING_STAMP_BARE.match(rest)  # "10:02 Finance Minister Ada Brun has begun her speech."
        rest = rest[stamp.end():] if stamp else rest
        update = _UPDATE_LABEL.match(rest) if UPDATE_LABEL else None
        rest = rest[update.end():] if update else rest  # "UPDATE, 16:40: The ministry said ..."
        label = _ROLE_LABEL.match(rest)
        if label is None and BRACKETED_LABEL:
            label = _ROLE_LABEL_NAMED.match(rest)  # "PRESENTER (RUTH ALDANE): Good evening."
        rest = rest[label.end():] if label else rest
    section = _SECTION_LABEL.match(rest) if REDUNDANT_LABEL else None
    if section and _names_again(section.group(1), rest[section.end():]):
        rest = rest[section.end():]
    return rest


def _names_again(label: str, text: str) -> bool:
    """Every word of the capital label but "THE" is in the text after it ("ORSANIA" in "Orsania will ...")."""
    words = [w for w in label.lower().split() if w != "the"]
    lower = text.lower()
    return bool(words) and all(re.search(rf"\b{re.escape(w)}", lower) for w in words)
# A paragraph that opens on the interviewer's label (sentences.QUESTION_LABEL: "Q:", "Question:") always; another
# short label ("The Herald:") only when the paragraph ends on a question mark, since an answer is labelled the same way.
_LINE_LABEL = re.compile(r"(?:[A-Z][\w'’.-]*\s){0,3}[A-Z][\w'’.-]*:\s")
BRACKETED_LABEL = rule(
    "summary.label-with-brackets",
    "a programme's label with a name or a note in brackets ('PRESENTER (RUTH ALDANE): Good evening.', 'ADA BRUN "
    "(recorded): ...') is read past as a bare label is, so a greeting after it is no summary sentence",
)
_LINE_LABEL_NAMED = re.compile(r"(?:[A-Z][\w'’.-]*\s){0,3}[A-Z][\w'’.-]*\s\([^()]{1,40}\):\s")


SPEAKER_LABEL = rule(
    "summary.speaker-label-read-past",
    "what follows a transcript's speaker label ('Spokesperson Lena Varga: Good afternoon.', 'Dahl: Thank you.') is "
    "read for furniture and page lines as a sentence of its own: a greeting or a bare 'Yes.' is no summary sentence",
)


def _after_speaker_label(text: str) -> str:
    """The sentence after a transcript's speaker label ("Lena Varga: ..."), or the sentence itself."""
    if not SPEAKER_LABEL or ":" not in text[:60]:
        return text
    label = _LINE_LABEL.match(text)
    if label is None and BRACKETED_LABEL:
        label = _LINE_LABEL_NAMED.match(text)  # "LUKAS FERRAND (recorded): ..."
    return text[label.end():] if label else text


QUESTION_LABEL_NAMED = rule(
    "summary.question-label-with-the-asker",
    "an interviewer's label that names the asker or the outlet in brackets ('Q (Ilse Varn, Harbour Gazette): ...', "
    "'QUESTION (Radio Kell): ...') opens a question as 'Q:' does: the reporter's line is no summary sentence",
)
# "Q (Ilse Varn, Harbour Gazette):", "QUESTION (Radio Kell):", "Question (from the floor):"
_QUESTION_LABEL_NAMED = re.compile(r"(?:Q|QUESTION|Question)\s*\([^()\n]{1,60}\)\s*[:.]\s")


def _interviewer_line(paragraph: list[str]) -> bool:
    """The paragraph is the interviewer's question in a transcript."""
    first = paragraph[0].lstrip() if paragraph else ""
    if QUESTION_LABEL.match(first) or (REPORTER_LINE and REPORTER_LABEL.match(first)):
        return True
    if QUESTION_LABEL_NAMED and _QUESTION_LABEL_NAMED.match(first):
        return True  # "Q (Ilse Varn, Harbour Gazette): The minister said ...": the asker's line, however it ends
    return bool(_LINE_LABEL.match(first)) and paragraph[-1].rstrip().rstrip("\"”’'").endswith("?")

# Background: what was said or done before the story, or a state that has lasted since ("In 2015 Norland
# threatened ...", "has repeatedly accused", "relations have been cold since"), or a past perfect in the reporter's
# voice ("the allies had warned"). In reported speech ("said the talks had failed") the past perfect is the
# story's own news, so it is not background.
_BACKGROUND = re.compile(
    r"^(?:in \d{4}|since|ahead of|before)\b|"
    r"\b(?:previously|repeatedly|for (?:years|decades|months)|(?:has|have|had) long)\b|"
    r"\b(?:has|have) been\b[^.]*\bsince\b"
)
# A commitment the story recalls rather than reports: made in an earlier month ("last September, when he agreed",
# "In March, the rebels had agreed"), the first of several ("first promised", "originally pledged"), at an earlier
# meeting ("last met in Oslo, where they agreed"), or an old deal's terms ("saw Norland agree to"). A sentence that
# says what will happen ("In June, the troops will leave") is news, whatever its date.
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_PAST_COMMITMENT = re.compile(
    r"\blast " + _MONTH + r"\b|^in " + _MONTH + r"\b|\blast met\b|\bsaw [\w-]+ agree\b|"
    r"\b(?:first|originally|previously|once) (?:promised|pledged|agreed|vowed|committed|undertook)\b"
)
# The other side's answer in its plainest form: it has not committed, agreed, accepted or signed, or did not confirm
# ("Norland has not committed to the plan", "Estavia did not confirm the date", "made no commitment", "neither
# confirmed nor denied").
_NOT_COMMITTED = re.compile(
    r"\b(?:has|have|had|did|does|do) not (?:yet )?(?:confirm|commit|agree|accept|sign)\w*|"
    r"\bmade no (?:commitment|promise)\b|\bneither confirmed\b"
)
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to)\b")
_PAST_PERFECT = re.compile(r"\bhad (?:\w+ed|been)\b")
_REPORTED = re.compile(r"\b(?:said|says|told|tells|according to|announced|added)\b")
# "Traders expect the price to fall": a forecast (the forecasters' own words are in summary_forecasters.txt).
_EXPECTATION = re.compile(r"\bexpect(?:s|ed)? (?:the|a|an|further|more|its|their|them|it|her|him)\b")
# "The two delegations met for nine hours": scene-setting (other scene words are in summary_scene.txt).
_MEETING_LENGTH = re.compile(r"\bmet for (?:more than |nearly |almost |about |over )?\w+ (?:hours|days)\b")
# The setting of a meeting or a speech in a ministry's or a broadcaster's words: one official "received" another
# "for consultations" or "for talks", a leader "delivered his annual address to the assembly". What came of it is
# in the sentences after.
_PROTOCOL_SCENE = re.compile(
    r"\breceived\b[^;]{0,200}?\bfor (?:the |a |an |his |her |their )?(?:first |second |third |next |new |further |"
    r"official |bilateral |working |regular |annual |political |rounds? of )*(?:consultations|talks|meeting|visit|audience)\b|"
    r"\bdelivered (?:his|her|their|its|an?|the) (?:[\w-]+ ){0,2}(?:address|speech|lecture|keynote)\b"
)
# A portrait's colour about a person: an age set off in commas (", who is 61,", ", aged 61,", ", 61,") or how long
# someone has held a post ("has been Norland's foreign minister for six years").
_PROFILE = re.compile(
    r", (?:who is |aged )?\d{2},|"
    r"\b(?:has|have) (?:now )?been (?:[\w’'-]+ ){0,4}(?:minister|ambassador|envoy|president|premier|chancellor|"
    r"negotiator|spokesman|spokeswoman|leader|mayor|governor|secretary|chief|head|diplomat|general) "
    r"(?:of [\w’' -]{1,40} )?(?:for|since)\b"
)
# A writer's or a guest's line: a name, "is", and a role with nothing else said ("Ana Brisk is a former ambassador of
# Norland to the Council.", "Tom Hale is the Herald's diplomatic editor.").
_CONTRIBUTOR_LINE = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}is (?:a |an |the )?(?:[A-Z][\w'’ ]+['’]s )?(?:[\w-]+ ){0,3}(?:editor|correspondent|"
    r"columnist|writer|contributor|ambassador|professor|fellow|analyst|researcher|director|journalist|reporter|"
    r"lecturer|author)\b[^,;:\"“”]{0,80}$"
)
# A greeting or a thanks that is the whole sentence (after a speaker's label), or a turn to the questions.
_FORMALITY = re.compile(
    r"^(?:[A-Z][A-Z .'’-]*:\s*)?(?:good (?:morning|afternoon|evening)|thank you|thanks|hello|welcome)\b[^.!?]{0,30}[.!]$|"
    r"\b(?:I'll|I’ll|I will|I'm happy to|I’m happy to|happy to|we'll|we’ll) (?:then )?take (?:your |a few |some )?questions\b",
    re.IGNORECASE,
)
# A byline on its own line: "By Marek Dalvani".
_BYLINE_NAME = re.compile(r"^By\s+((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+)\s*$")
# Sentences about the page rather than the story: a signpost ("Here is what we know about ..."), an editor's note
# ("This article has been updated", "It has not been independently verified", "This article appears in the May
# issue", "The interview has been edited for length"), a columnist's line ("She writes a
# weekly column on ..."), a live page's note to the reader ("our correspondent will be back"; "what to watch").
_ABOUT_THE_PAGE = re.compile(
    r"^here(?:'s|’s| is| are) (?:what|how|why|who|where|when|a look|the latest)\b|^below (?:are|is) (?:the|a|an)\b|"
    r"^this (?:report|article|story|dispatch|page|post|piece) (?:is|was|has been) (?:a translation|translated|"
    r"updated|corrected|amended|edited|produced|adapted)\b|"
    r"\b(?:has|have) not been independently (?:verified|confirmed)\b|"
    r"^th(?:is|e) (?:article|story|piece|report|interview|essay|column|conversation) (?:appears|appeared|first appeared|"
    r"was (?:first |originally )?published|is (?:part|adapted|an edited)|forms part|(?:has|have) been (?:edited|condensed|"
    r"shortened))\b|"
    r"^(?:he|she|they) writes? an? (?:(?:weekly|fortnightly|monthly|regular|daily) )?(?:column|newsletter|blog)\b|"
    r"\bour (?:correspondents?|reporters?|team) will be back\b|\bwhat to watch (?:for )?(?:in|next|this)\b|"
    # a live page's sign-off and welcome: "That's where we'll leave our coverage", "Welcome to our live coverage"
    r"^that(?:'s|’s| is) (?:where|all) (?:we(?:'ll|’ll| will)? (?:leave|pause|end|stop|close|wrap)|for (?:today|tonight|now))\b|"
    r"\b(?:thank you|thanks) (?:all )?for (?:following|reading|joining)\b|^welcome to (?:our|this) (?:live )?(?:coverage|page|blog)\b|"
    # the welcome after a greeting: "Good morning and welcome to our live coverage of ..."
    r"^(?:good (?:morning|afternoon|evening)|hello|hi)(?:,? (?:everyone|all))?,? and welcome (?:back )?to (?:our|this) "
    r"(?:live )?(?:coverage|page|blog|updates)\b|"
    r"\b(?:is|are) on our (?:[\w-]+ ){0,2}(?:page|site|website)\b|"
    # what the page or programme holds or does next: "The following is a list of ...", "Following are the main
    # commitments ..." (an "edited transcript of ..., in which X spoke to Y" says who speaks, and stays), "This brief
    # sets out what each side ...", "Live updates from the third day of ...", a moderator's "The minister will make a
    # short statement and then take questions", an anchor's "Elsewhere tonight, ..." (another story), a sign-off
    # "That is all from us tonight"
    r"^(?:the )?following (?:is|are) (?:a (?:list|summary|selection|timeline|round-?up)|the (?:main|key|latest|full "
    r"list)|some of the)\b|"
    r"^this (?:brief|briefing note|factbox|fact box|fact sheet|explainer|guide|primer|page|transcript) (?:sets out|lists|"
    r"looks at|explains|summari[sz]es|outlines|gives|covers)\b|"
    r"^live (?:updates|coverage|reporting) (?:from|of|on)\b|"
    r"\bwill (?:make|give|read|deliver) (?:a |an )?(?:short |brief |opening )?(?:statement|remarks)\b[^.;:]{0,60}?,? and (?:then )?"
    r"take (?:a few |some |your |several |two |three )?questions\b|"
    r"^(?:elsewhere (?:tonight|this (?:evening|morning|afternoon)|today|on the programme)|in other news)\b|"
    r"^that(?:'s|’s| is) all (?:from (?:us|me)|for (?:today|tonight|now))\b|"
    # who signed or issued the statement the story reports: "The statement was signed by the Ministry's spokesperson"
    r"^the (?:statement|press release|release|communiqu[eé]|note|bulletin) was (?:signed|issued|released|distributed) by\b|"
    # a transcript's greeting or thanks, and nothing else: "Good afternoon, everyone.", "Thank you, Minister."
    r"^(?:good (?:morning|afternoon|evening)|hello|thank you|thanks)(?:,? (?:all|everyone|everybody|again|very much|"
    r"and welcome)|, (?:(?:mr|ms|mrs|madam|minister|chair|ambassador)\.? )?(?-i:[A-Z][\w-]+)(?: (?-i:[A-Z][\w-]+))?)*"
    r"[.!]?$",
    re.IGNORECASE,
)
# A sentence that opens inside a quote is the speaker's colour more often than the story's substance.
_OPENS_QUOTE = re.compile(r"^[\"“«„]")
# A sentence that is a quote and nothing else ("We will judge them by what they do."): who said it is in another
# sentence, so alone in a digest it is words from nobody.
_BARE_QUOTE = re.compile(r"^[\"“«„‘][^\"“”«»„]*[\"”»’]$")
# A sentence that is a quote and then its attribution to a pronoun alone: '"...," she said in a statement.'
_QUOTE_THEN_PRONOUN = re.compile(r"^[\"“«„][^\"“”«»„]*[,.?!…]?[\"”»],?\s+(?:he|she)\s+[a-z]", re.IGNORECASE)
# A sentence that opens a quote and never closes it: the quote runs on into the next sentence.
_QUOTE_LEFT_OPEN = re.compile(r"^[\"“«„][^\"“”«»„]*$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """sumy's English stemmer, remembered: news reuses its words, and stemming is the costly step."""
    return _STEMMER(word.lower())


class OfflineTokenizer:
    """The tokenizer interface sumy expects (language, to_sentences, to_words), with no NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        from bot.analysis.sentences import split_sentences

        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        words = _WORD.findall(sentence)
        if CJK_BIGRAMS and _CJK_RUN.search(sentence):
            return [piece for word in words for piece in _bigrams(word)]
        return words


CJK_BIGRAMS = rule(
    "summary.cjk-bigrams",
    "Chinese and Japanese write no spaces, so a sentence was one 'word' and every sentence weighed the same: their "
    "words for centrality are the text's character pairs (a common signal for such text)",
)
_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _bigrams(word: str) -> list[str]:
    """A word as it is, or, for its runs in a script written without spaces, their overlapping character pairs."""
    runs = list(_CJK_RUN.finditer(word))
    if not runs:
        return [word]
    pieces: list[str] = []
    at = 0
    for run in runs:
        if run.start() > at:
            pieces.append(word[at : run.start()])
        chars = run.group(0)
        pieces.extend(chars[k : k + 2] for k in range(max(1, len(chars) - 1)))
        at = run.end()
    if at < len(word):
        pieces.append(word[at:])
    return pieces


_TOKENIZER = OfflineTokenizer()


# Quote marks: curly and guillemets say which way they face; a straight mark opens after a space or a bracket.
_QUOTE_MARK = re.compile(r"[“«„”»]|\"")
_OPENING_MARKS = frozenset("“«„")


LOW_QUOTE_CLOSER = rule(
    "summary.low-quote-closes-on-its-mark",
    "a quote opened low ('„Wir werden zahlen“, sagte sie.', German and its neighbours) closes on '“', the mark that "
    "opens an English quote: read as another opening, the quote stayed open, a stray '“' was shown after the "
    "sentence and the paragraph's next sentences read as pieces of a quote",
)


def _closes_low_quote(char: str, opened: str | None) -> bool:
    """The mark is the "“" that closes a quote opened with "„"."""
    return bool(LOW_QUOTE_CLOSER) and opened == "„" and char == "“"


def quote_fragments(paragraph: list[str]) -> list[bool]:
    """For each sentence of a paragraph: is it a piece of a quote whose start is in another sentence?

    A sentence that closes a quote it never opened ('They will pay," she said.') or that sits wholly inside a quote
    opened by the sentence before it has no start of its own: alone in a digest it reads as words from nowhere.
    """
    inside = False
    opener: str | None = None
    fragments = []
    for sentence in paragraph:
        starts_inside = inside
        unopened_close = False
        for mark in _QUOTE_MARK.finditer(sentence):
            char, at = mark.group(0), mark.start()
            if char == '"':
                opening = at == 0 or sentence[at - 1] in " \t([—–-/" and at + 1 < len(sentence) and not sentence[at + 1].isspace()
            else:
                opening = char in _OPENING_MARKS and not (inside and _closes_low_quote(char, opener))
            if opening:
                inside, opener = True, char
            else:
                unopened_close |= not inside
                inside, opener = False, None
        opens_itself = bool(_QUOTE_MARK.match(sentence)) and (sentence[0] in _OPENING_MARKS or sentence[0] == '"')
        fragments.append(unopened_close or (starts_inside and not opens_itself))
    return fragments


# A sentence that opens on a pronoun or a phrase pointing back ("He said ...", "The body voted ...", "Speaking in
# Oslo, she added ...") reads right only after what it points at. An "it" that points at nothing ("It is unclear
# whether ...", "It will be up to the new cabinet to ...") needs no antecedent.
_INTRODUCTION = r"(?:[A-Z][^,.;:\"“”]{0,70},\s+)?"
_PERSONAL_REFERENCE = re.compile(_INTRODUCTION + r"(?:he|she|his|her)\b", re.IGNORECASE)
_OTHER_REFERENCE = re.compile(
    _INTRODUCTION
    + r"(?:they|their|them|it|its|this|these|those|such|the (?:body|bloc|group|organi[sz]ation|alliance|move|company|"
    r"decision|remarks|comments|statement|announcement|step|measure|plan|proposal|talks|meeting|visit|"
    r"two (?:sides|leaders|men|countries|nations|governments))\b"
    r"|that (?=(?:is|was|will|would|has|had|could|can|may|might|must|should|means|meant|decision|move|step|"
    r"offer|plan|promise|pledge|deal|proposal)\b))",
    re.IGNORECASE,
)
PREPOSITION_BEFORE_REFERENCE = rule(
    "summary.preposition-before-a-pointing-word",
    "a sentence opening on \"In it,\", \"At that time,\", \"Under this,\" points back as \"it\" or \"this\" does: chosen "
    "only after the sentence it points at",
)
# A preposition and a pointing word opening the sentence: "In it", "At that time", "Under these", "After that".
_PREPOSITION_REFERENCE = re.compile(
    r"(?:in|at|from|under|by|with|after|before|during|within|since|of|on|through|until) "
    r"(?:it|them|this|that|these|those)(?: (?:time|point|stage|moment|case|document|letter|text|meeting))?"
    r"(?=,|\s+(?-i:[A-Z])|\s+(?:they|we|he|she|it|the|a|an)\b)",  # not "In this year's budget", "Under that plan"
    re.IGNORECASE,
)
TIME_THAT_REFERENCE = rule(
    "summary.time-that-points-back",
    "\"From that date, visitors may stay 90 days\", \"Since that day the road has stayed shut\": a sentence opening on "
    "a preposition and \"that\" or \"those\" with a word of time points back at a date told before it; it is chosen "
    "only after the sentence before (\"this week\" is today's, not a reference)",
)
_TIME_THAT_REFERENCE = re.compile(
    r"(?:from|since|by|until|till|on|in|at|after|before|during|for) (?:that|those) "
    r"(?:date|day|days|week|weeks|month|months|year|years|night|morning|evening|afternoon|hour|period)"
    r"(?=,|\s+(?-i:[A-Z])|\s+(?:they|we|he|she|it|the|a|an|all|every|no)\b)",
    re.IGNORECASE,
)
_EXPLETIVE_IT = re.compile(
    _INTRODUCTION + r"it (?:is|was|will be|would be|remains|remained|has been|had been|seems|seemed)\b", re.IGNORECASE
)
PASSIVE_IT = rule(
    "summary.it-in-the-passive-points-back",
    "'It was signed in the spring.', 'It was described as a first step.': an 'it' with a passive verb and no clause "
    "after it ('It was agreed that ...', 'It is expected to ...' are kept as they are) stands for something named "
    "before, so it is chosen only after the sentence before it",
)
_PASSIVE_IT = re.compile(
    _INTRODUCTION + r"it (?:is|was|has been|had been|will be) (?:[a-z]+ed|built|made|held|written|given|seen|sent|"
    r"drawn|taken|known|meant|sold|paid|set|kept|brought|thought|shown|struck)\b",
    re.IGNORECASE,
)
_CLAUSE_AFTER = re.compile(r"\b(?:that|whether|if|to|how|why|when|what|who)\b", re.IGNORECASE)


def _passive_it(sentence: str) -> bool:
    """'It was billed as a summit.': an 'it' with a passive verb and no clause or infinitive after the verb, so
    the 'it' stands for something, not for what the sentence goes on to say."""
    found = _PASSIVE_IT.match(sentence)
    return found is not None and _CLAUSE_AFTER.search(sentence, found.end()) is None


# A person named in a sentence: a run of capitalised words ("Russian Foreign Minister Sergey Lavrov", "Mr Kim")
# that is left with a name once titles, places and institutions are taken off its front.
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.)(?:\s+(?:[A-Z][\w’'-]*\.?|[A-Z]\.|al-|(?:bin|von|de)\b))*")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr."})
_NOT_PERSON = lexicon.Union(
    lexicon.PLACES, lexicon.DEMONYMS, lexicon.MONTHS, lexicon.WEEKDAYS, lexicon.INSTITUTION_HEADS, lexicon.AGENCIES,
    lexicon.NOT_NAMES, frozenset({"kremlin", "pentagon", "nato", "beijing", "moscow", "washington"}),
)
_ROLE_NOUN = re.compile(
    r"\bthe (?:[\w-]+ )?(?:minister|president|vice-president|secretary|spokesman|spokeswoman|spokesperson|official|"
    r"ambassador|envoy|leader|chancellor|premier|negotiator|diplomat|senator|general)\b"
)


# A possessive after a whole clause ("Norland has not committed to the plan, its office said") belongs to the
# clause's subject, in the same sentence; after a phrase with no verb of its own ("Speaking in Oslo, his aide
# said", "On Monday, their envoy left") it points outside the sentence.
_POSSESSIVE_AFTER = re.compile(r"(?:his|her|its|their)\b", re.IGNORECASE)
_CLAUSE_WORD = re.compile(r"\b\w+\b")
_PHRASE_OPENERS = frozenset(
    "in on at after before during since until from with without for by as under amid despite following like "
    "once while when if unlike".split()
)


def _owner_in_clause(sentence: str, match: re.Match[str]) -> bool:
    """The pointing word is a possessive after an introduction that is a clause of its own, naming its owner."""
    start = match.end() - len(match.group(0).split()[-1]) if match.group(0).split() else 0
    word = sentence[start:]
    if start == 0 or not _POSSESSIVE_AFTER.match(word):
        return False
    introduction = sentence[:start]
    words = [w.lower() for w in _CLAUSE_WORD.findall(introduction)]
    if not words or words[0] in _PHRASE_OPENERS or words[0].endswith(("ing", "ed")):
        return False  # "In Oslo, ...", "Speaking on Monday, ...", "Asked about it, ...": no clause of its own
    if NAMED_OWNER and _names_an_owner(introduction):
        return True  # "President Ilse Varro, her husband and two ministers are ...": she is named right there
    return len(words) > 1 and any(
        w in lexicon.AUXILIARIES or w in lexicon.SPEECH_VERBS or w.endswith("ed") for w in words[1:]
    )


NAMED_OWNER = rule(
    "summary.named-owner",
    "a possessive right after a person or a country named first ('President Ilse Varro, her husband and ...', "
    "'Norland, its allies and ...') belongs to them, in the same sentence",
)


def _names_an_owner(introduction: str) -> bool:
    """The introduction, set off by a comma, is a person's name or a place's, with no verb: the possessive after it
    is theirs."""
    text = introduction.rstrip().rstrip(",")
    if people_named(text):
        return True
    place = " ".join(text.lower().split())
    return place.removeprefix("the ") in lexicon.PLACES  # "France", "The United States" (entries are lower case)


CONJUNCTION_BEFORE_REFERENCE = rule(
    "summary.conjunction-before-pronoun",
    "a pronoun after an opening 'But', 'And' or 'Yet' ('But he insists ...') points back as much as one that opens "
    "the sentence",
)
_LEADING_CONJUNCTION = re.compile(
    r"(?:but|and|yet)\s+(?=(?:he|she|his|her|they|their|them|it|its|this|these|those)\b)", re.IGNORECASE
)


def reference_kind(sentence: str) -> str | None:
    """"person" when the sentence opens on he/she/his/her, "other" on another pointing word, None otherwise."""
    if CONJUNCTION_BEFORE_REFERENCE:
        conjunction = _LEADING_CONJUNCTION.match(sentence)
        sentence = sentence[conjunction.end():] if conjunction else sentence
    if PREPOSITION_BEFORE_REFERENCE and _PREPOSITION_REFERENCE.match(sentence):
        return "other"  # "In it, the negotiators propose ...", "At that time, ...": what "it" is came before
    if TIME_THAT_REFERENCE and _TIME_THAT_REFERENCE.match(sentence):
        return "other"  # "From that date, visitors may stay 90 days": which date was said in the sentence before
    personal = _PERSONAL_REFERENCE.match(sentence)
    if personal:
        return None if OWN_ANTECEDENT and _owner_in_clause(sentence, personal) else "person"
    other = _OTHER_REFERENCE.match(sentence)
    if other and (not _EXPLETIVE_IT.match(sentence) or PASSIVE_IT and _passive_it(sentence)):
        return None if OWN_ANTECEDENT and _owner_in_clause(sentence, other) else "other"
    return None


COMPANY_IS_NO_PERSON = rule(
    "summary.company-is-no-person",
    "\"Brask Maritime had sold the vessel\": a name ending on a firm's word (Maritime, Shipping, Holdings, Capital, "
    "Airlines) is a company, not the person a later \"he\" or \"she\" stands for",
)
_COMPANY_ENDINGS = frozenset(
    "maritime shipping holdings airlines airways logistics industries petroleum motors capital partners corporation "
    "corp inc ltd plc llc gmbh".split()
)


def people_named(sentence: str) -> list[str]:
    """Surnames of the people a sentence names: a title or honorific before a name, or a first name and a surname."""
    names = []
    for run in _CAPITALISED_RUN.finditer(sentence):
        words = [w.rstrip(".’'").lower() for w in run.group(0).split()]
        titled = False
        while words and (words[0] in lexicon.TITLES or words[0] in _HONORIFICS or words[0] in _NOT_PERSON):
            titled |= words[0] in lexicon.TITLES or words[0] in _HONORIFICS
            words.pop(0)
        if run.start() == 0 and not titled and len(words) == 2 and words[0] in lexicon.NOT_NAMES:
            words.pop(0)
        if not words or any(w in _NOT_PERSON for w in words):
            continue
        if COMPANY_IS_NO_PERSON and not titled and words[-1] in _COMPANY_ENDINGS:
            continue  # "Brask Maritime", "Northbridge Capital": a firm, whom no "he" or "she" stands for
        if titled or len(words) >= 2:
            names.append(re.sub(r"[’']s$", "", words[-1]))
    return names


QUOTED_NAME_NO_ANTECEDENT = rule(
    "summary.quoted-name-is-no-antecedent",
    "a name inside someone's quoted words ('\"Minister Asmund is describing a deal ...,\" she told the radio') is "
    "not whom a later 'she' points at",
)
_QUOTED_WORDS = re.compile(r"[\"“«][^\"“”«»]*[\"”»]")


SURNAME_ALONE = rule(
    "summary.surname-alone-names-again",
    "'Brun says the talks will go on', after 'Envoy Ada Brun' was named earlier: a surname alone names that person "
    "again, so the 'she' of a later '\"...,\" she says' points at her, not at someone named further back",
)
_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w’'-]+")


# How far back the people named in full are gathered: a bound, so a long page stays linear.
_SURNAME_REACH = 30


def _known_surnames(sentences: list[str], index: int) -> frozenset[str]:
    """The surnames of the people named in full (a title, or a first name and a surname) in the sentences before
    sentence `index` (up to _SURNAME_REACH of them)."""
    if not SURNAME_ALONE:
        return frozenset()
    return frozenset(
        name for text in sentences[max(0, index - _SURNAME_REACH) : index] for name in people_named(text)
    )


def _people_named_again(sentence: str, known: Callable[[], frozenset[str]]) -> list[str]:
    """The people a sentence names: in full, or (where it names none in full) by a surname alone of someone named
    in full before it (`known` gives those surnames, asked only when needed)."""
    names = people_named(sentence)
    if names or not SURNAME_ALONE:
        return names
    bare = [re.sub(r"[’']s$", "", word.group(0).lower()) for word in _CAPITALISED_WORD.finditer(sentence)]
    if not bare:
        return []
    surnames = known()
    return [name for name in bare if name in surnames]


def _lazily(compute: Callable[[], frozenset[str]]) -> Callable[[], frozenset[str]]:
    """`compute` run once, on the first call that needs it."""
    kept: list[frozenset[str]] = []

    def once() -> frozenset[str]:
        if not kept:
            kept.append(compute())
        return kept[0]

    return once


def antecedent(
    sentences: list[str], index: int, reach: int | None = None, surname_alone: bool = False
) -> tuple[int, str | None] | None:
    """Where the person a pronoun at the start of sentence `index` points at was last named: (sentence, surname).

    The surname is None when the nearest mention is a role ("the minister") rather than a name. With
    `surname_alone`, a surname alone of someone named in full before counts as naming them (SURNAME_ALONE).
    """
    stop = -1 if reach is None else max(-1, index - 1 - reach)
    known = _lazily(lambda: _known_surnames(sentences, index))
    for back in range(index - 1, stop, -1):
        text = sentences[back]
        if QUOTED_NAME_NO_ANTECEDENT:
            text = _QUOTED_WORDS.sub(" ", text)  # '"Minister Asmund is describing ...," she told': she is not Asmund
        names = _people_named_again(text, known) if surname_alone else people_named(text)
        if names:
            return back, names[-1]
        if _ROLE_NOUN.search(text.lower()):
            return back, None
    return None


class CommuniqueSummarizer(AbstractSummarizer):
    """A sumy summarizer for news: place, commitments, quotes and counter-positions, then word centrality."""

    def __init__(
        self, commitments: frozenset[str] = frozenset(), quotes: tuple[str, ...] = (), title: str = ""
    ) -> None:
        super().__init__(stem)
        self.title = " ".join(title.lower().split())
        self.commitments = commitments
        self.quotes = quotes

    def __call__(self, document: ObjectDocumentModel, sentences_count: int) -> tuple[Sentence, ...]:
        sentences = list(document.sentences)
        paragraphs = [[str(s) for s in p.sentences] for p in document.paragraphs]
        paragraph_of = [i for i, p in enumerate(document.paragraphs) for _ in p.sentences]
        place_in_paragraph = [k for p in document.paragraphs for k in range(len(p.sentences))]
        words = [[stem(w) for w in s.words if w.lower() not in _STOP_WORDS] for s in sentences]
        frequency = Counter(w for ws in words for w in set(ws))
        total = max(1, sum(frequency.values()))
        signature = _topic_signature(frequency, len(sentences)) if TOPIC_SIGNATURE else frozenset()
        fragments = [f for p in paragraphs for f in quote_fragments(p)]
        base: list[float] = []
        kinds: list[set[str]] = []
        story_index = 0
        # "By Marek Dalvani" on a line of its own: the writer, whose "Marek Dalvani is ..." line is about the page
        bylined = {found.group(1) for p in paragraphs if len(p) == 1 for found in [_BYLINE_NAME.match(p[0])] if found}
        for i, sentence in enumerate(sentences):
            whole = str(sentence)
            text = bare(whole)  # "14:05 - ...", "A: ...": read without the stamp or the label
            fragment = QUOTE_FRAGMENT and fragments[i]
            spoken = _after_speaker_label(text)  # "Spokesperson Lena Varga: Good afternoon.": a greeting
            about_page = ABOUT_THE_PAGE.on and _ABOUT_THE_PAGE.search(spoken) is not None
            about_page |= CONTRIBUTOR_LINE.on and _CONTRIBUTOR_LINE.match(text.strip()) is not None
            about_page |= AUTHOR_LINE.on and any(text.startswith(f"{name} is ") for name in bylined)
            about_page |= FORMER_WRITER_LINE.on and len(paragraphs[paragraph_of[i]]) == 1 and any(
                text.startswith((f"{name} was ", f"{name} served ")) for name in bylined
            )  # "Martin Ashgrove was ambassador to Quenmar from 2015 to 2020.": the writer's past, on a line of its own
            about_page |= BRIEFING_FORMALITY.on and _FORMALITY.search(text.strip()) is not None
            about_page |= NEWSLETTER_WELCOME.on and _NEWSLETTER_WELCOME.match(spoken.strip()) is not None
            about_page |= PROGRAMME_LINE.on and any(_PROGRAMME_LINE.search(t.strip()) for t in (text, spoken))
            about_page |= INTERVIEWER_QUESTION.on and _interviewer_line(paragraphs[paragraph_of[i]])
            about_page |= _dash_question(paragraphs[paragraph_of[i]], place_in_paragraph[i])
            about_page |= LIST_ITEM_FRAGMENT.on and _LOWER_ITEM.match(text.lstrip()) is not None
            about_page |= CORRECTED_SENTENCE.on and CORRECTED_WORDING.search(text) is not None
            debris = is_debris(text, paragraphs[paragraph_of[i]]) or is_debris(spoken, paragraphs[paragraph_of[i]])
            if debris or self._repeats_headline(text) or fragment or about_page:
                base.append(float("-inf"))
                kinds.append(set())
                continue
            found = self._kinds(text, whole)
            base.append(self._rate(words[i], frequency, total, story_index))
            if len(signature.intersection(words[i])) >= _SIGNATURE_WORDS:
                base[-1] += _SIGNATURE_WEIGHT  # it carries what this story is about, not what every story says
            if story_index == 0 and SETTING_LEAD and "setting" in found and not found & {"commitment", "decision"}:
                base[-1] -= _LEAD_WEIGHT - _NEXT_WEIGHT  # a lead that only sets the scene is not the story's lead
            kinds.append(found)
            story_index += 1
        return self._select(sentences, words, base, kinds, sentences_count)

    def _repeats_headline(self, text: str) -> bool:
        """Scraped pages often repeat the headline as the first line of the text."""
        same = " ".join(text.lower().split()).rstrip(".") == self.title.rstrip(".")
        return HEADLINE_REPEAT.on and bool(self.title) and same

    def _rate(self, words: list[str], frequency: Counter, total: int, index: int) -> float:
        """Place in the story and word centrality: what every sentence is worth before its content counts."""
        centrality = sum(frequency[w] for w in set(words)) / total / max(1.0, len(words) ** 0.5) * 10
        place = _LEAD_WEIGHT if index == 0 else _NEXT_WEIGHT / (1.0 + (index - 1) / _PLACE_DECAY)
        score = place + centrality
        return score - (0.5 if SHORT and len(words) < 6 else 0.0)

    def _kinds(self, text: str, whole: str = "") -> set[str]:
        """What a sentence carries that a digest wants: a commitment or decision, the other side, a key quote.

        `whole` is the sentence as written when `text` is read without its stamp or label: a pledge's evidence is
        the sentence as written."""
        kinds = set()
        original, text = text, text.lower()  # the cue patterns are lower case: one lowering, faster matching
        tokens = _CUE_TOKEN.findall(text)
        silent = _has(tokens, NO_COMMENT_WORDS)
        forecast = FORECAST.on and (_has(tokens, FORECASTERS) or _EXPECTATION.search(text) is not None)
        unsettled = _has(tokens, UNSETTLED_WORDS) or silent or forecast
        stated_intention = STATED_INTENTION and _STATED_INTENTION.search(text) is not None
        if COMMITMENT and (original in self.commitments or whole in self.commitments) and not stated_intention:
            kinds.add("past commitment" if PAST_COMMITMENT and _is_past_commitment(text) else "commitment")
        elif not unsettled and _has(tokens, DECISION_WORDS):
            kinds.add("decision")
        if not kinds & {"commitment", "past commitment"} and not silent and not (BACKGROUND and _is_background(text)):
            # a sentence stating a commitment is not the other side's answer; nor is silence, nor history
            if _announces_an_answer(tokens, original):
                pass  # "Estavia's foreign ministry has responded.": a live page's teaser; the answer comes after
            elif _has(tokens, ANSWER_WORDS) or NOT_COMMITTED and _NOT_COMMITTED.search(text) is not None:
                kinds |= {"answer", "counter"}
            elif tokens[:1] and tokens[0] in COUNTER_OPENERS or _has(tokens, COUNTER_WORDS):
                kinds.add("counter")
        if KEY_QUOTE and kinds & {"commitment", "counter"} and _has(tokens, ATTRIBUTION_WORDS):
            if self._carries_key_quote(original):
                kinds.add("quote")  # a key quote that commits or answers, its speaker named in the same sentence
        if OPENS_QUOTE and _OPENS_QUOTE.match(original):
            kinds.add("opens quote")
        if SCENE and (_has(tokens, SCENE_WORDS) or _MEETING_LENGTH.search(text)):
            kinds.add("scene")
        if (PROTOCOL_SCENE and _PROTOCOL_SCENE.search(text)) or (PROFILE and _PROFILE.search(text)):
            kinds |= {"scene", "setting"}  # a meeting's or a speech's setting, a portrait: colour, not the story
        if unsettled:
            kinds.add("unsettled")
        return kinds

    def _carries_key_quote(self, sentence: str) -> bool:
        """One of the story's first quotes is in the sentence.

        Only a quote that commits or answers earns a summary sentence: the digest shows a key quote of its own,
        so a sentence that is only colour would say the same thing twice.
        """
        return any(q and q[:40] in sentence for q in self.quotes[:3])

    def _bonus(self, kinds: set[str]) -> float:
        """What the sentence's content adds to its place and centrality."""
        return sum(_KIND_WEIGHTS[kind] for kind in kinds)

    def _select(
        self, sentences: list[Sentence], words: list[list[str]], base: list[float], kinds: list[set[str]], count: int
    ) -> tuple[Sentence, ...]:
        """The best-rated sentences, skipping any that repeats one already chosen; in article order.

        When four or more are asked and none of them gives the other side, the best-rated answer takes the place
        of the lowest-rated one chosen: the best sentences always stay, so the digest's default of three is part of
        every longer summary.
        """
        rated = [i for i in range(len(sentences)) if base[i] != float("-inf")]
        rated.sort(key=lambda i: base[i] + self._bonus(kinds[i]), reverse=True)
        texts = [bare(str(s)) for s in sentences]
        story = set(rated)
        chosen: list[int] = []
        added = True
        while added and len(chosen) < count:  # a sentence that points back waits until what it points at is in
            added = False
            for i in rated:
                if len(chosen) >= count:
                    break
                if _left_open(texts[i], kinds[i]):
                    continue  # '"We have agreed that the trains will run by January.': its speaker is further on
                if i not in chosen and not _repeats(i, chosen, words) and _resolved(i, chosen, texts, story):
                    chosen.append(i)
                    added = True
                    break
        if ANSWER_SLOT and count >= _ANSWER_FROM and len(chosen) == count and not any("counter" in kinds[j] for j in chosen):
            kept = chosen[:-1]
            answers = (
                i for i in rated
                if "answer" in kinds[i] and i not in chosen and not _repeats(i, kept, words)
                and _resolved(i, kept, texts, story) and not _left_open(texts[i], kinds[i])
            )
            answer = next(answers, None)
            if answer is not None:
                chosen = [*kept, answer]
        return tuple(sentences[i] for i in sorted(chosen))


# The lead carries the story; the sentences after it lose weight slowly (inverted pyramid).
_LEAD_WEIGHT = 2.6
_NEXT_WEIGHT = 1.2
_PLACE_DECAY = 3.0
# A commitment or decision is what a diplomatic digest is for; the other side's answer and a key quote follow.
_KIND_WEIGHTS = {
    "commitment": 0.8, "past commitment": 0.0, "decision": 0.25, "quote": 0.35, "counter": 0.5, "answer": 0.0,
    "opens quote": -0.2, "scene": -0.4, "setting": 0.0, "unsettled": -0.3,
}
# From this many sentences on, a summary gives the other side's answer (a shorter one keeps the best sentences).
_ANSWER_FROM = 4


# A story's own words: in this many of its sentences or more, at this many times (or more) the share of other stories
# that use them (wordlists/summary_background_df.txt); a sentence with this many of them gains this weight. A text
# shorter than _SIGNATURE_TEXT sentences has none: a word met twice in a brief says nothing about its topic.
_SIGNATURE_TEXT = 15
_SIGNATURE_SENTENCES = 2
_SIGNATURE_RATE = 2.0
_SIGNATURE_WORDS = 2
_SIGNATURE_WEIGHT = 0.25
_WORDLISTS = Path(__file__).with_name("wordlists")


@lru_cache(maxsize=1)
def _background() -> tuple[dict[str, int], int]:
    """How many of the background articles hold each word stem, and how many articles were counted.

    Written articles of the project counted by benchmarks/build_background_df.py; a stem missing from the table is
    in one article at most."""
    table: dict[str, int] = {}
    for line in (_WORDLISTS / "summary_background_df.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, count = line.partition("\t")
            table[word] = int(count)
    return table, max(1, table.pop("documents", 1))


def _topic_signature(frequency: Counter, sentences: int) -> frozenset[str]:
    """The stems this story uses far more than stories at large: topic signatures (Lin and Hovy), by a plain ratio.

    A stem's share of the story's sentences against the share of background articles holding it; "minister" is in
    most articles, so it is no story's signature however often the story says it."""
    if sentences < _SIGNATURE_TEXT:
        return frozenset()
    table, articles = _background()
    share = (articles + 1) / sentences
    return frozenset(
        w for w, n in frequency.items()
        if n >= _SIGNATURE_SENTENCES and n * share / (table.get(w, 1) + 1) >= _SIGNATURE_RATE
    )


def _left_open(text: str, kinds: set[str]) -> bool:
    """A quote opened and still open at the sentence's end, its speaker named in a later sentence, with no pledge
    found in it (a commitment read there is the story's, and the pledge names who made it)."""
    return bool(QUOTE_LEFT_OPEN) and "commitment" not in kinds and _QUOTE_LEFT_OPEN.match(text.strip()) is not None


THAT_NOUN_INSIDE = rule(
    "summary.that-noun-inside",
    "a preposition and 'that' with a noun inside a sentence ('did not decide on that request', 'for most of that "
    "time') points back as a 'That offer' opening it does: the sentence is chosen only after the one before it",
)
# "on that request", "beyond that guarantee", "of that time": a demonstrative after a preposition, then a noun (not
# a pronoun, an article or a verb: "in that it ...", "so that the ..." are conjunctions).
_THAT_NOUN = re.compile(
    r"\b(?:on|of|to|for|at|in|with|about|over|from|under|despite|after|before|against|into|towards?|beyond|during|"
    r"since|until|by) that (?!(?:of|is|was|are|were|will|would|has|had|it|he|she|they|we|i|you|the|a|an|its|his|her|"
    r"their|our|this|these|those|there|such|no|not|all|any|some|each|if|when|who|which|to|in|on|and|or|but)\b)"
    r"([a-z][a-z-]+)\b",
    re.IGNORECASE,
)
# "In March 2026 the government said the camps would close before the end of that year": a date named before a
DISPUTED_THAT_CLAIM = rule(
    "summary.disputed-that-claim",
    "\"Estavia rejected that account\", \"the ministry denied that claim\": a verb of dispute with 'that' and a noun of "
    "telling points back at what was told, in the sentence before: it is chosen only after that sentence",
)
_DISPUTED_THAT = re.compile(
    r"\b(?:rejected|rejects|denied|denies|disputed|disputes|dismissed|dismisses|contested|contests|challenged|"
    r"challenges|questioned|questions|refuted|refutes|rebutted|rebuts) that (?:account|claim|version|charge|accusation|"
    r"allegation|assertion|description|characteri[sz]ation|interpretation|assessment|argument|narrative|story|figure|"
    r"report|suggestion)\b",
    re.IGNORECASE,
)
THESE_NOUN_INSIDE = rule(
    "summary.these-noun-inside",
    "\"The ministry will process these applications within ten days\": 'these' or 'those' with a noun the sentence "
    "has not named, outside a quote, points back at the sentence before; the sentence is chosen only after it (not "
    "'these days', 'those who', 'those responsible')",
)
_THESE_NOUN = re.compile(
    r"\b(?:these|those) (?!(?:days|who|whom|which|that|of|are|were|in|on|at|with|without|involved|responsible|"
    r"affected|concerned|present|living|killed|wounded|injured|held|detained|two|three|four|five|six|ten)\b)"
    r"([a-z][a-z-]+)\b"
)


def _these_noun_inside(text: str) -> bool:
    """A "these"/"those" with a noun inside the sentence (not opening it), the noun not named before it; words
    inside quotation marks are the speaker's, pointing at what they see ("We reject these quotas"), and are skipped."""
    text = re.sub(r"[“\"‘][^”\"’]*(?:[”\"’]|$)", " ", text)
    found = _THESE_NOUN.search(text, 1)
    if found is None:
        return False
    noun = found.group(1).lower().rstrip("s")
    return re.search(rf"\b{re.escape(noun)}", text[: found.start()], re.IGNORECASE) is None


# "that year" is what it points at, in the same sentence.
_TIME_UNIT = frozenset({"year", "month", "week", "day", "decade", "summer", "winter", "spring", "autumn"})
_DATE_BEFORE = re.compile(r"\b(?:1[89]|20)\d{2}\b|\b(?:January|February|March|April|May|June|July|August|"
                          r"September|October|November|December)\b")


def _that_noun_inside(text: str) -> bool:
    """A "that" with a noun after a preposition, inside the sentence, whose noun is not named in the sentence."""
    found = _THAT_NOUN.search(text, 1)
    if found is None:
        return False
    noun = found.group(1).lower()
    before = text[: found.start()]
    if noun in _TIME_UNIT and _DATE_BEFORE.search(before):
        return False  # "In March 2026 ... before the end of that year"
    return re.search(rf"\b{re.escape(noun)}", before, re.IGNORECASE) is None  # "an offer ... rejected on that offer"


def _resolved(i: int, chosen: list[int], texts: list[str], story: set[int]) -> bool:
    """Whatever sentence `i` points back at is in the summary (see reference_kind); true when it points at nothing.

    A pronoun for a person needs that person named in a chosen sentence before it (or, when the nearest mention is
    a role such as "the minister", that very sentence); any other pointing word needs the sentence before it.
    """
    if BARE_QUOTE and _BARE_QUOTE.match(texts[i].strip()) and not _previous_chosen(i, chosen, story):
        return False
    kind = reference_kind(texts[i])
    if kind is None and QUOTE_THEN_PRONOUN and _QUOTE_THEN_PRONOUN.match(texts[i].strip()):
        return _speaker_chosen(i, chosen, texts)
    if kind is None and DISPUTED_THAT_CLAIM and _DISPUTED_THAT.search(texts[i]):
        return _previous_chosen(i, chosen, story)  # "Estavia rejected that account on Monday."
    if kind is None and THAT_NOUN_INSIDE and _that_noun_inside(texts[i]):
        return _previous_chosen(i, chosen, story)  # "The summit did not take a decision on that request."
    if kind is None and THESE_NOUN_INSIDE and _these_noun_inside(texts[i]):
        return _previous_chosen(i, chosen, story)  # "The ministry will process these applications in ten days."
    if kind is None or kind == "person" and not PERSON_ANTECEDENT or kind == "other" and not POINTING_BACK:
        return True
    if kind == "person":
        found = antecedent(texts, i)
        if found is None:
            return False
        where, surname = found
        if surname is None:
            return where in chosen
        return any(j < i and surname in people_named(texts[j]) for j in chosen)
    return _previous_chosen(i, chosen, story)


# How far back the person of '"...," she said' is looked for: a bound, so a page of such quotes stays linear.
_QUOTE_PRONOUN_REACH = 8


def _speaker_chosen(i: int, chosen: list[int], texts: list[str]) -> bool:
    """'"...," she said': someone named where "she" points back (the nearest sentence naming people, any of them,
    since the subject may come before another name: "Ada Brun said the message of President Ivo Sand was ...") is
    in a chosen sentence before it."""
    found = antecedent(texts, i, _QUOTE_PRONOUN_REACH, surname_alone=True)
    if found is None:
        return False
    where, surname = found
    if surname is None:
        return where in chosen
    known = _lazily(lambda: _known_surnames(texts, i))
    where_text = _QUOTED_WORDS.sub(" ", texts[where]) if QUOTED_NAME_NO_ANTECEDENT else texts[where]
    named = set(_people_named_again(where_text, known))  # whom "she" points at, named in full in a chosen sentence
    return any(j < i and named & set(people_named(texts[j])) for j in chosen)


def _previous_chosen(i: int, chosen: list[int], story: set[int]) -> bool:
    """The story sentence right before sentence `i` (debris skipped) is in the summary."""
    before = max((j for j in story if j < i), default=None)
    return before is not None and before in chosen


ANSWER_SAYS_WHAT = rule(
    "summary.answer-says-what",
    "a sentence that ends on its answer word ('Estavia has responded.', 'Tarvin objected strongly.') announces an "
    "answer without giving it: it is no answer",
)


def _announces_an_answer(tokens: list[str], sentence: str) -> bool:
    """The answer word (or it and one adverb) ends a sentence with no quote: who answered is said, not what."""
    if not ANSWER_SAYS_WHAT or len(tokens) > 12 or _QUOTE_MARK.search(sentence):
        return False
    last = tokens[-2:] if len(tokens) > 1 and tokens[-1].endswith("ly") else tokens[-1:]
    return bool(last) and last[0] in ANSWER_WORDS


def _has(tokens: list[str], words: lexicon.WordList) -> bool:
    """One of the list's entries (a word, or several in a row) is among the sentence's lower-case tokens."""
    by_first = _entries_by_first_word(words)
    for i, token in enumerate(tokens):
        for entry in by_first.get(token, ()):
            if tuple(tokens[i : i + len(entry)]) == entry:
                return True
    return False


@lru_cache(maxsize=64)
def _entries_by_first_word(words: lexicon.WordList) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A list's entries as token tuples, indexed by their first word (rebuilt when a rule switch moves)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for entry in words:
        parts = tuple(entry.split())
        index.setdefault(parts[0], []).append(parts)
    return {first: tuple(entries) for first, entries in index.items()}


cached(_entries_by_first_word.cache_clear)


def _is_background(text: str) -> bool:
    """History rather than the story's news (lower-case text): see _BACKGROUND."""
    if _BACKGROUND.search(text):
        return True
    past = _PAST_PERFECT.search(text)
    return past is not None and _REPORTED.search(text, 0, past.start()) is None


def _is_past_commitment(text: str) -> bool:
    """A commitment recalled from before the story (lower-case text): see _PAST_COMMITMENT."""
    return _PAST_COMMITMENT.search(text) is not None and _FUTURE.search(text) is None


def _repeats(i: int, chosen: list[int], words: list[list[str]]) -> bool:
    """Sentence `i` says much the same as one already chosen (most of the shorter one's words are shared)."""
    return NEAR_DUPLICATE.on and any(_overlap(words[i], words[j]) > 0.6 for j in chosen)


def _overlap(a: list[str], b: list[str]) -> float:
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return 0.0
    return len(set_a & set_b) / min(len(set_a), len(set_b))


GUILLEMET_QUOTE_WHOLE = rule(
    "summary.guillemet-quote-kept-whole",
    "a quote in guillemets of two sentences or more (« Le mot est prématuré. Parlons d'un calendrier », a-t-elle "
    "dit.) is one summary sentence from the one that opens it to the one that closes it: the splitter cuts at the "
    "stop inside it, and a digest showed the first half alone, the quote cut and its speaker lost",
)
DASH_TURN_WHOLE = rule(
    "summary.dash-turn-kept-whole",
    "a line of dialogue opened on a dash whose aside closes with the stop (—Es una medida electoral —declaró la "
    "diputada—. Dentro de seis meses ...) goes on to the end of its paragraph: the summary shows the turn whole, "
    "not its first half",
)
DASH_INTERVIEW_QUESTION = rule(
    "summary.dash-interview-question",
    "in an interview written in dashes (— Le sommet peut-il aboutir ? — Je le crois.) the line that asks, ending on "
    "'?' or '…' before the answer's dash, is the interviewer's: it is cut off the answer and never chosen",
)
# A sentence that opens on a dialogue dash ("—Es una", "— Je le crois").
_DIALOGUE_DASH = re.compile(r"[—–] ?(?=[^\W\d_]|[«¿¡\"“])")
# The asker's line ends on "?" or "…" and the answer's dash follows: "— Lesquels ? — Les quotas ..."
_QUESTION_THEN_ANSWER = re.compile(r"(?<=[?…])\s+(?=[—–] ?\S)")
# The aside closed by the stop: "—declaró a este diario la diputada Rocío Benavent—."
_ASIDE_CLOSED = re.compile(r"\s[—–][^—–]{3,120}[—–]\.$")
_JOIN_AT_MOST = 4


def _guillemets_open(sentence: str, depth: int) -> int:
    """How many guillemet quotes are open after the sentence, `depth` being open before it (» closes, « opens)."""
    for char in sentence:
        if char == "«":
            depth += 1
        elif char == "»" and depth:
            depth -= 1
    return depth


def _turns(paragraph: list[str]) -> list[str]:
    """The paragraph's sentences as a summary reads them: an interviewer's dashed question cut off the answer after
    it, a guillemet quote of several sentences and a dash turn resumed after its aside each one sentence."""
    if DASH_INTERVIEW_QUESTION and paragraph and _DIALOGUE_DASH.match(paragraph[0]):
        paragraph = [piece for s in paragraph for piece in _QUESTION_THEN_ANSWER.split(s)]
    joined: list[str] = []
    i = 0
    while i < len(paragraph):
        sentence, end = paragraph[i], i + 1
        if GUILLEMET_QUOTE_WHOLE and "«" in sentence:
            depth = _guillemets_open(sentence, 0)
            while depth and end < len(paragraph) and end - i < _JOIN_AT_MOST:
                depth = _guillemets_open(paragraph[end], depth)
                end += 1
            if depth:
                end = i + 1  # never closed in the paragraph: not a quote read whole here
        if (
            DASH_TURN_WHOLE and end == i + 1 and i == 0 and _DIALOGUE_DASH.match(sentence)
            and _ASIDE_CLOSED.search(sentence) and 1 < len(paragraph) <= _JOIN_AT_MOST
        ):
            end = len(paragraph)
        joined.append(" ".join(paragraph[i:end]))
        i = end
    return joined


def _dash_question(paragraph: list[str], at: int) -> bool:
    """The sentence at `at` is an interviewer's dashed question: it opens on a dash, ends on '?' or '…', and the
    answer's dash opens the next sentence."""
    sentence = paragraph[at].rstrip()
    return (
        bool(DASH_INTERVIEW_QUESTION) and _DIALOGUE_DASH.match(sentence) is not None and sentence.endswith(("?", "…"))
        and at + 1 < len(paragraph) and _DIALOGUE_DASH.match(paragraph[at + 1]) is not None
    )


def summarize(
    paragraphs: list[list[str]],
    count: int,
    *,
    commitments: frozenset[str] = frozenset(),
    quotes: tuple[str, ...] = (),
    title: str = "",
    english: bool = True,
) -> list[str]:
    """The `count` sentences that best carry the story, in article order.

    Another language's quotes and dialogue turns are read whole (`_turns`); English copy keeps one sentence a unit,
    as its readers and annotators count them (a first version that joined guillemet quotes in English copy too cost a
    held-out set a key sentence)."""
    if count <= 0:
        return []
    if not english:
        paragraphs = [_turns(para) for para in paragraphs]
    document = ObjectDocumentModel(
        [Paragraph([Sentence(s, _TOKENIZER) for s in para]) for para in paragraphs if para]
    )
    if not document.sentences:
        return []
    chosen = [str(s) for s in CommuniqueSummarizer(commitments, quotes, title)(document, count)]
    chosen = [bare(_BULLET_MARK.sub("", s) if BULLET_MARK else s) for s in chosen]
    return [close_quote(s) for s in chosen] if QUOTE_CLOSED else chosen


BULLET_MARK = rule(
    "summary.bullet-mark-dropped",
    "a list item chosen for the summary ('- Kessary must ratify the deal ...') is shown without its bullet mark",
)
_BULLET_MARK = re.compile(r"^[-•*▪–]\s+(?=\S)")


QUOTE_CLOSED = rule(
    "summary.quote-closed-when-shown",
    "a quote opened in a sentence and running on into the next ('Holm said: \"We will open the road by May.') is "
    "shown closed at the sentence's end, as an excerpt of the quote is",
)
_CLOSER = {"“": "”", "«": "»", "„": "“", '"': '"'}


def close_quote(sentence: str) -> str:
    """The sentence with a closing mark added when a quote it opens is still open at its end."""
    opened = None
    for mark in _QUOTE_MARK.finditer(sentence):
        char, at = mark.group(0), mark.start()
        if char == '"':
            if opened is None:
                opening = at == 0 or sentence[at - 1] in " \t([—–-/:" and at + 1 < len(sentence) and not sentence[at + 1].isspace()
            else:
                opening = False
        else:
            opening = char in _OPENING_MARKS and not _closes_low_quote(char, opened)
        if opening and opened is None:
            opened = char
        elif not opening:
            opened = None
    if opened is None:
        return sentence
    closer = _CLOSER[opened]
    return sentence + closer if opened != "«" else sentence + " " + closer
