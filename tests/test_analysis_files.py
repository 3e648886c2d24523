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


def test_a_text_file_not_in_utf8_is_read_in_its_legacy_encoding_and_said(tmp_path: Path):
    # A text saved by an old editor (windows-1252 / ISO-8859-1) lost each accented letter and curly quote to '�',
    # and that '�' reached the speaker and the pledge's actor.
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("“We will reopen the café by Friday,” said Minister Zoë Brun.".encode("cp1252"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text("“We will reopen the café by Friday,” said Minister Zoë Brun.", encoding="utf-8")
    done = analyze(legacy, utf8)
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert "\ufffd" not in json.dumps(first, ensure_ascii=False)
    assert first["quotes"] == second["quotes"] == [{"speaker": "Zoë Brun", "text": "We will reopen the café by Friday"}]
    assert f"{legacy}: not UTF-8, read as windows-1252" in done.stderr
    assert str(utf8) not in done.stderr


def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path: Path):
    page = tmp_path / "page.html"
    body = "<p>«Мы откроем границу в пятницу», — заявил министр Орлов.</p>" * 3
    page.write_bytes(
        ('<html><head><meta charset="windows-1251"><title>Граница</title></head><body><article>'
         f"{body}</article></body></html>").encode("cp1251")
    )
    done = analyze(page)
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert "\ufffd" not in json.dumps(record, ensure_ascii=False)
    assert "Орлов" in json.dumps(record, ensure_ascii=False)


def test_a_summary_length_below_one_is_a_usage_error(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Norland will reopen the crossing by Friday, its interior ministry said.", encoding="utf-8")
    for bad in ("0", "-1"):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "analyze", "--sentences", bad, str(good)],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )
        assert done.returncode == 2, (bad, done.stderr)
        assert "--sentences" in done.stderr and "at least 1" in done.stderr
        assert done.stdout == ""


def test_a_json_field_of_the_wrong_kind_is_named_and_the_article_still_read(tmp_path: Path):
    # A 'published' that is no date was dropped without a word (dates such as 'by Friday' then resolve to none),
    # and a 'title' that is a list or a number became its Python text ("['Talks']").
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"title": ["Talks"], "published": "next week",
                               "text": "Norland will reopen the crossing by Friday, its interior ministry said."}))
    fine = tmp_path / "fine.json"
    fine.write_text(json.dumps({"title": "Talks", "published": "2026-03-02T10:00:00Z",
                                "text": "Norland will reopen the crossing by Friday, its interior ministry said."}))
    done = analyze(odd, fine)
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["title"] == "" and second["title"] == "Talks"
    assert first["pledges"] and second["pledges"][0]["due"] == "2026-03-06"
    assert f"{odd}: 'title' is not text (a list): read without a title" in done.stderr
    assert (f"{odd}: 'published' = 'next week' is not a date (YYYY-MM-DD): dates such as 'by Friday' are read "
            "without the day it was published") in done.stderr
    assert str(fine) not in done.stderr


def test_chinese_japanese_and_korean_stories_get_a_summary_of_sentences_and_their_quotes(tmp_path: Path):
    # A story in a script written without spaces had the headline alone in its digest: no sentence split at 。 and
    # every sentence "a scrap of one word". Invented text, names and places.
    chinese = tmp_path / "zh.txt"
    chinese.write_text(
        "沃兰外交部长林海周二表示，沃兰将在下月向北岸港口派出救援船队。这是两国关系紧张以来的第一次合作。\n\n"
        "林海说：“我们不会让港口的居民等待。船队会在月底前到达。”他还指出，船队由三艘货船组成。\n\n"
        "北岸政府发言人高明称，北岸欢迎这一决定，但要求沃兰公开船队的货物清单。“透明是合作的基础。”高明说。",
        encoding="utf-8",
    )
    japanese = tmp_path / "ja.txt"
    japanese.write_text(
        "エスタビア外務省は三日、北部の港町ベルクに緊急の医療団を派遣すると発表した。派遣は今月末までに始まる予定だ。\n\n"
        "山田健一外相は記者会見で「住民の安全を最優先にする。必要なら追加の支援も検討する」と述べた。\n\n"
        "一方、隣国ノルランドの政府は懸念を示した。「事前の説明が足りないのではないか」との声も上がっている。",
        encoding="utf-8",
    )
    korean = tmp_path / "ko.txt"
    korean.write_text(
        "에스타비아 외교부는 화요일 북부 항구 도시 벨크에 의료진을 파견한다고 발표했다. "
        "파견은 이달 말까지 시작될 예정이다.\n\n"
        "김민준 외교부 장관은 기자회견에서 주민의 안전이 최우선이라고 말했다. "
        "그는 필요하면 추가 지원도 검토하겠다고 밝혔다.",
        encoding="utf-8",
    )
    done = analyze(chinese, japanese, korean)
    assert done.returncode == 0, done.stderr
    zh, ja, ko = (json.loads(line) for line in done.stdout.splitlines())
    # The lead opens each summary as a sentence of its own, and a quote is never cut at a stop inside it.
    assert zh["summary"][0] == "沃兰外交部长林海周二表示，沃兰将在下月向北岸港口派出救援船队。"
    assert "林海说：“我们不会让港口的居民等待。船队会在月底前到达。”" in zh["summary"]
    assert ja["summary"][0] == "エスタビア外務省は三日、北部の港町ベルクに緊急の医療団を派遣すると発表した。"
    assert ko["summary"][0] == "에스타비아 외교부는 화요일 북부 항구 도시 벨크에 의료진을 파견한다고 발표했다."
    assert all(len(record["summary"]) >= 3 for record in (zh, ja, ko))
    assert zh["quotes"] == [
        {"speaker": "林海", "text": "我们不会让港口的居民等待。船队会在月底前到达。"},
        {"speaker": "高明", "text": "透明是合作的基础。"},
    ]
    assert ja["quotes"] == [
        {"speaker": "山田健一", "text": "住民の安全を最優先にする。必要なら追加の支援も検討する"},
        {"speaker": None, "text": "事前の説明が足りないのではないか"},
    ]
    assert zh["pledges"] == ja["pledges"] == ko["pledges"] == []


def test_speakers_in_stories_in_korean_chinese_arabic_and_five_european_languages(tmp_path: Path):
    # Korean quotes got no speaker at all; a Chinese one got a whole clause ("林海周二在例行记者会上") or, after
    # 他说, none though the sentence before named the man; in the other languages a titled person before the verb
    # ("La portavoz Elena Marsal dijo:") got the previous speaker's name, and "ha detto il ministro" or "afirmou o
    # chanceler" got none; an Arabic name after a place ("في إستافيا سلمى عواد") was read as the role. A quote
    # nobody is named for keeps none; a name inside a quote never speaks. Invented text.
    texts = {
        "ko": "노르란드 외교부 장관 김민준은 화요일 기자회견에서 "
        "“우리는 북쪽 항구에 구호선을 보낼 것”이라고 말했다.\n\n"
        "“국경은 다음 달까지 계속 열려 있을 것”이라고 이지훈 총리는 강조했다.\n\n"
        "한 관계자는 “아직 결정된 것은 아무것도 없다”고 말했다.\n\n“협상은 끝나지 않았다”고 박서연 대변인이 말했다.",
        "zh": "林海周二在例行记者会上表示：“我们不会让港口的居民等待任何一天。”\n\n"
        "沃兰外长林海峰表示，船队将在月底出发。北岸总理高明周三抵达首都。他说：“两国的合作会继续下去。”",
        "ar": "قالت المتحدثة باسم وزارة الدفاع في إستافيا سلمى عواد إن «الجيش لن يعترض القوافل».\n\n"
        "وقال وزير الخارجية في بيان صحفي مشترك إن «المعبر سيبقى مفتوحا طوال فصل الشتاء».",
        "es": "\"El acuerdo protege a los pescadores de ambos países\", dijo el canciller Tomás Riveral.\n\n"
        "La portavoz Elena Marsal dijo: \"Seguiremos negociando hasta el final del invierno.\"\n\n"
        "\"Como dijo Pablo Varga, la paz no se compra\", escribió la oposición en un comunicado.",
        "pt": "\"O acordo protege os pescadores dos dois países\", afirmou o chanceler Paulo Vantar.\n\n"
        "A porta-voz Inês Carmo declarou: \"Vamos continuar a negociar com a Estávia.\"",
        "de": "„Das Abkommen schützt die Fischer beider Länder“, sagte Außenminister Karl Brenner.\n\n"
        "„Niemand hat uns vorher gefragt“, hieß es aus Kreisen der Opposition.",
        "it": "\"L'accordo protegge i pescatori dei due paesi\", ha detto il ministro Marco Velani.\n\n"
        "Il presidente Luca Benvi ha detto: \"Continueremo a trattare con l'Estavia fino a maggio.\"",
        "fr": "« L'accord protège les pêcheurs des deux pays », a déclaré le ministre Henri Valbert.\n\n"
        "Le président Paul Marnier a déclaré : « Nous continuerons à négocier tout l'hiver. »\n\n"
        "« Personne ne nous a demandé notre avis », a-t-on appris de source diplomatique.",
    }
    paths = []
    for language, text in texts.items():
        paths.append(tmp_path / f"{language}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    done = analyze(*paths)
    assert done.returncode == 0, done.stderr
    said = {
        record["id"]: [(q["speaker"], q["text"][:10]) for q in record["quotes"]]
        for record in map(json.loads, done.stdout.splitlines())
    }
    assert said["ko"] == [
        ("김민준", "우리는 북쪽 항구에"), ("이지훈", "국경은 다음 달까지"), (None, "아직 결정된 것은 "),
        ("박서연", "협상은 끝나지 않았"),
    ]
    assert said["zh"] == [("林海", "我们不会让港口的居民"), ("高明", "两国的合作会继续下去")]
    assert said["ar"] == [("سلمى عواد", "الجيش لن ي"), ("وزير الخارجية", "المعبر سيب")]
    assert said["es"] == [("Tomás Riveral", "El acuerdo"), ("Elena Marsal", "Seguiremos"), (None, "Como dijo ")]
    assert said["pt"] == [("Paulo Vantar", "O acordo p"), ("Inês Carmo", "Vamos cont")]
    assert said["de"] == [("Karl Brenner", "Das Abkomm"), (None, "Niemand ha")]
    assert said["it"] == [("Marco Velani", "L'accordo "), ("Luca Benvi", "Continuere")]
    assert said["fr"] == [("Henri Valbert", "L'accord p"), ("Paul Marnier", "Nous conti"), (None, "Personne n")]
    # Pledges are read in English copy only: none is made up in these.
    assert all(not record["pledges"] for record in map(json.loads, done.stdout.splitlines()))


def test_polish_and_turkish_copy_is_told_as_another_language_and_gets_no_pledges(tmp_path: Path):
    # Polish and Turkish function words were in no list: their stories read as English, so the operator was not
    # told why they had no pledges, and the English pledge patterns ran on them. Invented text.
    polish = tmp_path / "pl.txt"
    polish.write_text(
        "Minister spraw zagranicznych Rawenii Tomasz Kędzior zapowiedział, że jego kraj podpisze umowę z Ostalią "
        "do końca kwietnia. „To porozumienie ułatwi życie tysiącom rodzin” – powiedział Kędzior. Rawenia "
        "zobowiązała się również do remontu mostu w ciągu dwóch lat, ale opozycja jest sceptyczna.",
        encoding="utf-8",
    )
    turkish = tmp_path / "tr.txt"
    turkish.write_text(
        "Selvanya Dışişleri Bakanı Murat Kalender, sınır kapısının ocak ayı sonuna kadar yeniden açılacağını "
        "açıkladı. Bakan, gümrük işlemleri için 50 yeni personel görevlendirileceğine de söz verdi. Kalender, "
        "\"Aileler yıllardır bu günü bekliyor\" dedi. Muhalefet ise bu kararı çok erken buldu.",
        encoding="utf-8",
    )
    done = analyze(polish, turkish)
    assert done.returncode == 0, done.stderr
    assert f"{polish}: reads as another language than English" in done.stderr
    assert f"{turkish}: reads as another language than English" in done.stderr
    assert all(not record["pledges"] for record in map(json.loads, done.stdout.splitlines()))


def _one(done: subprocess.CompletedProcess[str]) -> dict:
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    return record


def _story(tmp_path: Path, name: str, title: str, text: str) -> Path:
    """A story file as `communique analyze` reads it: `{"title", "text"}` as UTF-8 JSON."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"title": title, "text": text}, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_image_caption_alone_is_said_to_give_no_summary(tmp_path: Path):
    # A page whose text is only a photo caption gave an empty summary and not a word on stderr. Invented text.
    caption = _story(
        tmp_path, "caption", "Foreign ministers meet in Velmora",
        "Foreign Minister Ada Brun (left) greets her Kestrian counterpart Ivo Marsk at the airport in Velmora "
        "on Tuesday. Photo: Lantern Wire/Tom Alder"
    )
    done = analyze(caption)
    assert done.returncode == 0, done.stderr
    assert _one(done)["summary"] == []
    assert f"{caption}: no summary: only 22 words, no sentence a summary can stand on (an image caption?)" in done.stderr


def test_a_table_of_figures_is_said_to_give_no_summary(tmp_path: Path):
    rows = "\n".join(f"{month} | {400_000 - 9_000 * i:,} | {40 - i} | -{i}.{i}%" for i, month in enumerate(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov".split()))
    table = _story(
        tmp_path, "table", "Grain shipments through Port Svetloyar",
        f"Month | Tonnes | Ships | Change\n{rows}\nSource: Port authority"
    )
    done = analyze(table)
    assert done.returncode == 0, done.stderr
    record = _one(done)
    assert record["summary"] == [] and record["pledges"] == []
    assert f"{table}: no summary: mostly figures (a table?), no sentence to summarise" in done.stderr


def test_a_script_whose_sentences_are_not_told_apart_is_named(tmp_path: Path):
    # Thai writes no full stops: the story had an empty summary, and stderr said only "another language".
    thai = _story(
        tmp_path, "thai", "รัฐมนตรีต่างประเทศพบคู่เจรจาจากเคสเทรีย",
        "รัฐมนตรีว่าการกระทรวงการต่างประเทศเวลโมรา อาดา บรุน พบกับรัฐมนตรีต่างประเทศเคสเทรียเมื่อวันอังคาร "
        "ทั้งสองฝ่ายตกลงจะเปิดด่านชายแดนในเดือนมีนาคม การเจรจาจะดำเนินต่อในวันพฤหัสบดี"
    )
    done = analyze(thai)
    assert done.returncode == 0, done.stderr
    assert _one(done)["summary"] == []
    assert f"{thai}: no summary: written in Thai, whose sentences are not told apart here" in done.stderr
    assert f"{thai}: reads as another language than English (Thai):" in done.stderr


def test_arabic_mixed_with_latin_names_is_split_into_sentences_and_named(tmp_path: Path):
    # Arabic with Latin names and figures in one paragraph: the summary was one block of four sentences (no capital
    # after the full stops), and a speaker read "Marsk بالإنجليزية" (Marsk "in English"). Invented text.
    mixed = _story(
        tmp_path, "mixed", "وزير الخارجية يلتقي نظيره في Velmora",
        "التقى وزير الخارجية كمال الرفاعي نظيره Ivo Marsk في مدينة Velmora يوم الثلاثاء، وبحثا اتفاق "
        "ARTC-2026 للتجارة. وقال الرفاعي: «نريد أن تصل قيمة التبادل إلى 500 مليون دولار قبل 2027». "
        "وأضاف Marsk بالإنجليزية: \"We will sign the protocol in March\". "
        "وتستمر المحادثات حتى يوم الخميس في فندق Grand Palace."
    )
    done = analyze(mixed)
    assert done.returncode == 0, done.stderr
    record = _one(done)
    assert len(record["summary"]) >= 2 and all(len(s) < 150 for s in record["summary"])
    assert {"speaker": "Ivo Marsk", "text": "We will sign the protocol in March"} in record["quotes"]
    assert record["pledges"] == []
    assert f"{mixed}: reads as another language than English (Arabic, right-to-left with left-to-right words):" in done.stderr
