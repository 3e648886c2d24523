"""The twelve stories of tests/languages (ten languages, written and annotated before any analysis output on them was
read), run through `communique analyze` as an operator would: each is told as another language, no pledge is made
up, and no quote goes to another person of the story than the one the annotation names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STORIES = sorted((REPO / "tests" / "languages").glob("*.json"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _same_quote(annotated: str, found: str) -> bool:
    a, b = _words(annotated), _words(found)
    return bool(a and b) and len(a & b) / max(len(a), len(b)) >= 0.6


def test_stories_in_ten_languages_get_no_pledge_and_no_quote_given_to_another_person():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "analyze", *map(str, STORIES)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    records = {record["id"]: record for record in map(json.loads, done.stdout.splitlines())}
    assert len(records) == len(STORIES) == 12
    misread, named = [], 0
    for path in STORIES:
        story = json.loads(path.read_text(encoding="utf-8"))
        record = records[story["id"]]
        assert f"{path}: reads as another language than English" in done.stderr, story["id"]
        assert record["pledges"] == [], story["id"]
        people = {q["speaker"] for q in story["quotes"] if q["speaker"]}
        for quote in story["quotes"]:
            found = next((q for q in record["quotes"] if _same_quote(quote["text"], q["text"])), None)
            if found is None or not found["speaker"]:
                continue
            said_by = _words(found["speaker"])
            right = quote["speaker"] is not None and said_by & _words(quote["speaker"])
            named += bool(right)
            others = [p for p in people if p != quote["speaker"] and said_by & _words(p)]
            if others and not right:
                misread.append((story["id"], found["speaker"], quote["text"][:30]))
    # Before this round 5 quotes went to another person of the story (and others to words that are no one: "Muhalefet",
    # "Aus Regierungskreisen") and 14 to the right one; 28 now. The last of them, a German quote standing alone after
    # a sentence of reported speech that names its speaker ("..., gab der Energieexperte Walter Gsellmann zu
    # bedenken. »...«"), went on from the man quoted a paragraph before; it is Gsellmann's now.
    assert misread == []
    assert named >= 28


def test_summaries_of_the_stories_show_no_cut_quote_no_half_turn_and_no_interviewer_question():
    """What a digest reader sees as the story's news: never a quote cut at a stop inside it (fr-01's « Le mot
    “accord” est prématuré.), never a dash turn without what follows its aside (es-01's —Es una medida electoral ...
    —declaró ... Benavent—.), never the interviewer's question (fr-02's — Madame la ministre, ... ?)."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "analyze", "--sentences", "5", *map(str, STORIES)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    records = {record["id"]: record for record in map(json.loads, done.stdout.splitlines())}
    wrong = []
    for path in STORIES:
        story = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p.split()) for p in story["text"].split("\n\n")]
        for sentence in records[story["id"]]["summary"]:
            if sentence.count("«") != sentence.count("»"):
                wrong.append((story["id"], "cut quote", sentence[:40]))
            if sentence.endswith("—.") and sentence not in paragraphs:
                wrong.append((story["id"], "half a turn", sentence[:40]))
            if sentence.rstrip().endswith("?") or re.search(r"[?…]\s+[—–]\s", sentence):
                wrong.append((story["id"], "question", sentence[:40]))
    assert wrong == []
    turn = "—Es una medida electoral y nada más —declaró a este diario la diputada Rocío Benavent—."
    assert any(s.startswith(turn) and s.endswith("del consulado.") for s in records["es-01"]["summary"])
