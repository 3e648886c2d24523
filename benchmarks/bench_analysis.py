"""Analysis speed: Communiqué's whole `analyze` beside the stock pipeline, on the same generated articles.

The stock pipeline is what a first version would do: pysbd to split sentences, sumy's document model, and
LexRank for a 5-sentence summary (no quotes, no pledges). Communiqué's `analyze` does more (summary, quotes,
pledges, deadlines, a parse layer) and must take at most 100 ms on an ~800-word article with its model loaded
(an older target, 3x faster than stock, gave way to the parse layer), and grow about linearly (a ~5,000-word text
under 10x the 800-word time). Articles are generated here from invented diplomatic
sentences, so no outside text is involved. Runnable standalone (`python benchmarks/bench_analysis.py`) or
through `run()`, which returns (label, value) rows for the project's benchmark report.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PEOPLE = [
    ("Foreign Minister", "Anna Korvel"), ("President", "Idris Makonde"), ("Secretary of State", "Paul Renner"),
    ("Prime Minister", "Lena Ostrova"), ("Ambassador", "Tomas Varga"), ("Chancellor", "Maria Feldt"),
    ("Defence Minister", "Omar Haddad"), ("spokeswoman", "Ines Morales"), ("envoy", "Kenji Arata"),
]
PLACES = ["Geneva", "Vienna", "Doha", "Oslo", "Nairobi", "Jakarta", "Brasilia", "Ankara", "Hanoi", "Lima"]
COUNTRIES = ["Norland", "Estavia", "the Republic of Corvia", "Meridia", "Talvan", "Osterra", "Kalvia", "Durnia"]
TOPICS = ["grain exports", "border crossings", "prisoner exchanges", "tariffs on steel", "fishing rights",
          "a ceasefire", "energy supplies", "visa rules", "debt relief", "water sharing"]
DEADLINES = ["by the end of March", "next week", "within 90 days", "immediately", "by Oct. 31", "next month"]


def _sentence(rng: random.Random) -> str:
    """One plausible sentence of diplomatic copy, written for this benchmark."""
    title, name = rng.choice(PEOPLE)
    surname = name.split()[-1]
    a, b = rng.sample(COUNTRIES, 2)
    topic, place, deadline = rng.choice(TOPICS), rng.choice(PLACES), rng.choice(DEADLINES)
    forms = [
        f"{title} {name} said in {place} on Tuesday that {a} would resume talks with {b} on {topic}.",
        f"“We are ready to settle the question of {topic} with our neighbours,” {surname} told reporters.",
        f"{a} pledged to lift its restrictions on {topic} {deadline}, according to a joint statement.",
        f"Officials from {b} declined to comment on the proposals, which diplomats described as “a first step”.",
        f"The talks in {place}, the third round this year, ended without agreement on {topic}.",
        f"“This is not the time for threats, it is the time for work,” said {name}, adding that {b} had been warned.",
        f"Analysts said the deal could still collapse if {a} failed to meet its commitments on {topic}.",
        f"Mr. {surname} is scheduled to visit {place} next month, his office said.",
        f"{b} and {a} agreed to set up a joint commission on {topic} {deadline}.",
        f"Critics in {b} accused the government of giving away too much on {topic} to win a deal.",
    ]
    return rng.choice(forms)


def generate_article(words: int, seed: int) -> str:
    """An article of about `words` words, in paragraphs of one to three generated sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def stock_pipeline() -> Callable[[str], list[str]]:
    """pysbd splitting, sumy's document model and LexRank, 5 sentences: the baseline the target is set against."""
    import pysbd
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    segmenter = pysbd.Segmenter(language="en", clean=False)
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    class Tokenizer:
        language = "english"

        def to_sentences(self, paragraph: str) -> list[str]:
            return segmenter.segment(paragraph)

        def to_words(self, sentence: str) -> list[str]:
            return sentence.split()

    tokenizer = Tokenizer()

    def run(text: str) -> list[str]:
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in segmenter.segment(p) if s.strip()]) for p in paragraphs]
        )
        return [str(s) for s in summarizer(document, 5)]

    return run


def communique_pipeline() -> Callable[[str], object]:
    """Communiqué's whole analysis: sentences, summary (5), quotes, pledges with deadlines, and the parse of the
    sentences the rules ask about. The parse cache is emptied before each article, so a repeated text is parsed
    again, as a new article would be."""
    from bot.analysis import analyze, syntax

    def run(text: str) -> object:
        syntax.parse.cache_clear()
        return analyze("Talks resume", text, published=date(2024, 3, 1), sentences=5)

    return run


def model_load_seconds() -> float:
    """How long loading the English pipeline takes, once per process (measured in a fresh interpreter)."""
    code = (
        "import time; t = time.perf_counter(); from bot.analysis import syntax; syntax.pipeline(); "
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(done.stdout.strip())


def resident_with_platforms() -> float:
    """Peak resident memory (MiB) of a fresh process holding what `communique run` holds with both platforms:
    the runtime, the Telegram and Discord libraries, the English pipeline, and one article analysed."""
    code = (
        "import resource, bot.runtime, telegram.ext, discord.ext.commands; "
        "from bot.analysis import analyze; "
        f"analyze('Talks resume', {generate_article(800, 7)!r}, sentences=4); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(done.stdout.strip())


def summary_pipeline() -> Callable[[str], object]:
    """The summary alone, on text already split (what `analyze` spends on it, without quotes and pledges)."""
    from bot.analysis.sentences import split_paragraphs, split_sentences
    from bot.analysis.summary import summarize

    def run(text: str) -> object:
        return summarize([split_sentences(p) for p in split_paragraphs(text)], 5, title="Talks resume")

    return run


def time_per_article(
    pipelines: list[Callable[[str], object]], texts: list[str], rounds: int
) -> list[float]:
    """Median seconds per article for each pipeline; rounds alternate between pipelines so that a busy
    machine slows both alike and the ratio stays fair (one warm-up pass each first)."""
    for pipeline in pipelines:
        for text in texts:
            pipeline(text)
    samples: list[list[float]] = [[] for _ in pipelines]
    for _ in range(rounds):
        for k, pipeline in enumerate(pipelines):
            started = time.perf_counter()
            for text in texts:
                pipeline(text)
            samples[k].append((time.perf_counter() - started) / len(texts))
    return [statistics.median(s) for s in samples]


def peak_memory(pipeline: Callable[[str], object], text: str) -> float:
    """Peak traced allocation in MiB while analysing one text."""
    tracemalloc.start()
    pipeline(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def run(rounds: int = 5) -> list[tuple[str, str]]:
    """Measures both pipelines side by side in one run; returns (label, value) rows."""
    short = [generate_article(800, seed) for seed in range(8)]
    long = [generate_article(5000, seed) for seed in range(100, 102)]
    stock, ours = stock_pipeline(), communique_pipeline()
    stock_short, ours_short, summary_short = time_per_article([stock, ours, summary_pipeline()], short, rounds)
    stock_long, ours_long = time_per_article([stock, ours], long, max(1, rounds // 2))
    return [
        ("analysis, ~800 words: stock (pysbd + sumy LexRank)", f"{stock_short * 1000:.1f} ms/article"),
        ("analysis, ~800 words: Communiqué analyze", f"{ours_short * 1000:.1f} ms/article"),
        ("analysis, ~800 words: speed-up (older target ≥ 3x)", f"{stock_short / ours_short:.1f}x"),
        ("analysis, ~800 words: of which the summary", f"{summary_short * 1000:.1f} ms/article "
         f"({summary_short / ours_short:.0%})"),
        ("analysis, ~5,000 words: stock", f"{stock_long * 1000:.0f} ms/article"),
        ("analysis, ~5,000 words: Communiqué", f"{ours_long * 1000:.0f} ms/article"),
        ("analysis, ~5,000 words: speed-up", f"{stock_long / ours_long:.1f}x"),
        ("analysis, growth 5,000 vs 800 words: stock", f"{stock_long / stock_short:.1f}x"),
        ("analysis, growth 5,000 vs 800 words: Communiqué (target < 10x)", f"{ours_long / ours_short:.1f}x"),
        ("analysis, peak memory ~5,000 words: stock", f"{peak_memory(stock, long[0]):.1f} MiB"),
        ("analysis, peak memory ~5,000 words: Communiqué", f"{peak_memory(ours, long[0]):.1f} MiB"),
        ("English pipeline load, once per process", f"{model_load_seconds():.2f} s"),
        ("analysis, ~800 words, model loaded (target ≤ 100 ms)", f"{ours_short * 1000:.1f} ms/article"),
        ("resident memory: runtime + Telegram + Discord + model + analysis (target < 300 MiB)",
         f"{resident_with_platforms():.0f} MiB"),
    ]


def main() -> int:
    rows = run()
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
