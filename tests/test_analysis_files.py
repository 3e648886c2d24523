"""`communique analyze` as a user runs it: bad input is named on stderr, other languages still give quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def analyze(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "analyze", *map(str, paths)], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def test_empty_and_unreadable_texts_are_named_on_stderr_and_the_others_still_run(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n ", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    good = tmp_path / "good.txt"
    good.write_text("“We will reopen the crossing on Friday,” said Interior Minister Ada Brun.", encoding="utf-8")
    done = analyze(empty, binary, good)
    assert done.returncode == 1
    assert f"{empty}: no text to analyse" in done.stderr
    assert f"{binary}: not readable as text" in done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["quotes"] == [{"speaker": "Ada Brun", "text": "We will reopen the crossing on Friday"}]


def test_french_and_russian_copy_give_quotes_with_speakers_and_no_invented_pledge(tmp_path: Path):
    french = tmp_path / "fr.txt"
    french.write_text(
        "« Nous ne signerons rien sous la menace des sanctions », a déclaré M. Orlov.\n\n"
        "« La France tiendra ses engagements », a-t-il ajouté.",
        encoding="utf-8",
    )
    russian = tmp_path / "ru.txt"
    russian.write_text("— Мы не подпишем ничего под угрозой санкций, — заявил Орлов.", encoding="utf-8")
    done = analyze(french, russian)
    assert done.returncode == 0, done.stderr
    fr, ru = (json.loads(line) for line in done.stdout.splitlines())
    assert [q["speaker"] for q in fr["quotes"]] == ["Orlov", "Orlov"]
    assert ru["quotes"] == [{"speaker": "Орлов", "text": "Мы не подпишем ничего под угрозой санкций"}]
    assert fr["pledges"] == [] and ru["pledges"] == []
    # The operator is told why a story in another language has no pledges; an English one gets no such line.
    assert f"{french}: reads as another language than English" in done.stderr
    assert f"{russian}: reads as another language than English" in done.stderr


def test_english_copy_gets_no_language_note(tmp_path: Path):
    english = tmp_path / "en.txt"
    english.write_text("Norland will reopen the crossing by Friday, its interior ministry said.", encoding="utf-8")
    done = analyze(english)
    assert done.returncode == 0 and done.stderr == ""
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["pledges"], "the English commitment is read"
