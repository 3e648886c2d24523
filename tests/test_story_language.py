"""A story in another language than English is labelled with its language wherever a chat reads it (the console,
Telegram, Discord, a digest waiting to go out), from stories fetched from a feed served on 127.0.0.1. All story text
is invented for these tests, in the project's own words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.digest import digest_from_dict, digest_to_dict
from bot.digest.compose import latest_digest
from bot.platforms.discord.render import render_digest as discord_digest
from bot.platforms.telegram.render import render_digest as telegram_digest
from storage import connect
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.test_cli import communique

_NOW = datetime.now(UTC)
STORIES = [
    Item(title="Министр Велморы обещал открыть переход Тарник",
         link="https://wire.example/ru/tarnic",
         paragraphs=["Министр иностранных дел Велморы Анна Коваль заявила в понедельник, что переход Тарник будет "
                     "открыт до конца месяца.",
                     "По её словам, переговоры с соседями идут уже третью неделю, и стороны близки к соглашению о "
                     "пошлинах."],
         published=_NOW - timedelta(hours=3)),
    Item(title="وزير خارجية فيلمورا يعد بإعادة فتح معبر تارنيك",
         link="https://wire.example/ar/tarnic",
         paragraphs=["قال وزير خارجية فيلمورا يوم الاثنين إن معبر تارنيك سيعاد فتحه قبل نهاية الشهر بعد محادثات "
                     "استمرت ثلاثة أسابيع.",
                     "وأضاف أن الجانبين اتفقا على مراجعة الرسوم الجمركية في اجتماع لاحق في العاصمة."],
         published=_NOW - timedelta(hours=2)),
    Item(title="Velmora promises to reopen the Tarnic crossing",
         link="https://wire.example/en/tarnic",
         paragraphs=["Velmora's foreign minister said on Monday that the Tarnic crossing would reopen before the end "
                     "of the month, after three weeks of talks with its neighbours."],
         published=_NOW - timedelta(hours=1)),
]


def _fetched(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.route("/wire.xml", body=rss(STORIES, title="Tri Wire"))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Tri Wire"\nurl = "{feed_server.url("/wire.xml")}"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr


def test_russian_and_arabic_stories_are_labelled_with_their_language_on_the_console(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """`communique latest` showed a Russian and an Arabic story as it shows an English one: a reader who does not
    read the script learnt what the story was in only by opening it. Each says its language beside its source; the
    English one says none."""
    _fetched(feed_server, tmp_path)
    latest = communique("latest", "3", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    blocks = {block.split("\n", 1)[0]: block for block in latest.stdout.split("\n\n") if block[:2].strip(". ")}
    by_title = {title: next(b for first, b in blocks.items() if title in first) for title in (s.title for s in STORIES)}
    russian, arabic, english = (by_title[s.title] for s in STORIES)
    assert "Tri Wire" in russian and "in Russian" in russian, russian
    assert "in Arabic" in arabic, arabic
    assert " in " not in english.split("\n")[1], english


def test_the_language_label_reaches_telegram_and_discord_and_a_digest_waiting_to_go_out(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """The label is the digest's, not the console's: Telegram's message and Discord's embeds say it, and a digest
    kept to be sent later (as a rate limit or an outage holds it) still says it when sent."""
    _fetched(feed_server, tmp_path)
    db = connect(tmp_path / "var" / "communique.db")
    digest = digest_from_dict(digest_to_dict(latest_digest(db, 3, now=datetime.now(UTC))))
    [message] = telegram_digest(digest)
    blocks = message.split("\n\n")
    russian = next(b for b in blocks if "Тарник" in b)
    arabic = next(b for b in blocks if "تارنيك" in b)
    english = next(b for b in blocks if "Velmora promises" in b)
    assert "<i>Tri Wire · " in russian and "· in Russian</i>" in russian, russian
    assert "· in Arabic</i>" in arabic, arabic
    assert " in Russian" not in english and " in Arabic" not in english, english
    footers = [embed["footer"]["text"] for part in discord_digest(digest) for embed in part.get("embeds", [])]
    assert sorted(f for f in footers if " in " in f) == ["Tri Wire · in Arabic", "Tri Wire · in Russian"], footers


def test_a_script_shared_by_several_languages_is_named_by_the_letters_that_set_each_apart() -> None:
    """Cyrillic is not always Russian, nor Arabic script Arabic: a Ukrainian or Persian story labelled "in Russian"
    or "in Arabic" would mislead the reader the label is for. English, and English naming a place in its own
    script, gets no label."""
    from bot.analysis.language import script_language

    assert script_language("Міністр закордонних справ заявив, що переговори тривають і надалі") == "uk"
    assert script_language("Министар је рекао да ће преговори бити настављени у среду, њихов тим") == "sr"
    assert script_language("Министърът заяви, че ъгълът на преговорите се променя") == "bg"
    assert script_language("Министр заявил, что переговоры продолжатся в среду") == "ru"
    assert script_language("وزیر امور خارجه گفت که گفتگوها ادامه پیدا می‌کند") == "fa"
    assert script_language("قال الوزير إن المحادثات ستستمر يوم الأربعاء") == "ar"
    assert script_language("外務大臣は会談が水曜日に続くと述べた") == "ja"
    assert script_language("外交部长说会谈将在星期三继续") == "zh"
    assert script_language("The minister said talks in Москва would go on") is None
    assert script_language("") is None


def test_a_story_in_the_language_its_feed_declares_is_labelled_with_it(feed_server: FeedServer, tmp_path: Path) -> None:
    """A French ministry's feed (`<language>fr</language>`): its stories, in Latin letters like English ones, were
    shown with nothing to say they are in French. The feed's declared language labels a story that does not read as
    English; an English story in that feed (a release in English) gets no label."""
    french = Item(title="Velmora rouvrira le passage de Tarnic avant la fin du mois",
                  link="https://quai.example/fr/tarnic",
                  paragraphs=["Le ministre des affaires étrangères de Velmora a déclaré lundi que le passage de Tarnic "
                              "serait rouvert avant la fin du mois, après trois semaines de discussions avec les "
                              "voisins.", "Les deux parties doivent encore s'entendre sur les droits de douane."],
                  published=_NOW - timedelta(hours=2))
    english = Item(title="Velmora will reopen the Tarnic crossing", link="https://quai.example/en/tarnic",
                   paragraphs=["The foreign minister of Velmora said on Monday that the Tarnic crossing would reopen "
                               "before the end of the month, after three weeks of talks with the neighbours."],
                   published=_NOW - timedelta(hours=1))
    feed = rss([french, english], title="Quai").replace(b"<description>Test</description>",
                                                       b"<description>Test</description><language>fr</language>", 1)
    feed_server.route("/quai.xml", body=feed)
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Quai"\nurl = "{feed_server.url("/quai.xml")}"\n'
    )
    assert communique("fetch", cwd=tmp_path).returncode == 0
    latest = communique("latest", "2", cwd=tmp_path)
    blocks = [block for block in latest.stdout.split("\n\n") if "Tarnic" in block]
    [in_french] = [b for b in blocks if "passage" in b.split("\n", 1)[0]]
    [in_english] = [b for b in blocks if "crossing" in b.split("\n", 1)[0]]
    assert "· in French" in in_french, in_french
    assert " in French" not in in_english, in_english


def test_an_ethiopic_story_is_labelled_amharic_and_summarised_by_its_own_full_stops(tmp_path: Path) -> None:
    """Ethiopic letters named no language and their full stop (።) ended no sentence: an Amharic story had no label and
    no summary. Invented text."""
    import json
    import subprocess
    import sys

    from bot.analysis.language import script_language

    text = ("የቬልሞራ የውጭ ጉዳይ ሚኒስትር አዳ ብሩን ማክሰኞ ከኬስትሪያ አቻቸው ጋር በድንበር ንግድ ጉዳይ ላይ ተወያዩ። "
            "ሁለቱ ሀገራት የድንበር መተላለፊያውን በመጋቢት ወር ለመክፈት ተስማምተዋል። ውይይቱ ሐሙስ ይቀጥላል።")
    assert script_language(text) == "am"
    story = tmp_path / "am.txt"
    story.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "analyze", "--sentences", "2", str(story)],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert f"{story}: reads as another language than English (Amharic):" in done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert summary and all(sentence.endswith("።") for sentence in summary) and len(summary) == 2
