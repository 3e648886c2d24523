"""`make eval`, pledge tracking: how well later stories are linked to earlier pledges, on invented story chains.

Reads the chains of benchmarks/linking (see its README): every later story of a half is linked against every
pledge of that half published on or before it, so pledges of other chains by the same actor are there to be
mistaken for the right one. A predicted link is right when the annotation has the same pledge, story and
outcome. Two ways of getting the pledges:

- annotated: the pledges as annotated (written as the analysis writes them): the linker alone is measured;
- analysed: the pledges `bot.analysis.analyze` finds in the pledge stories, matched to the annotation by their
  evidence sentence: what a running bot would get.

Usage:
    python benchmarks/eval_tracking.py [--chains DIR [DIR ...]] [--show] [--strict]

`--show` lists each wrong and missed link with the linker's reason (for tuning: use it on dev/ only).
`--strict` exits 1 when a target is missed on the held-out half.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis import analyze  # noqa: E402
from bot.analysis.model import Pledge  # noqa: E402
from bot.tracking.linking import FollowUp, Story, TrackedPledge, link_story, track  # noqa: E402

LINKING = ROOT / "benchmarks" / "linking"
DEFAULT_HALVES = [LINKING / "dev", LINKING / "check"]
HELD_OUT = "check"
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.6


@dataclass
class Chain:
    id: str
    pledge_story: dict
    pledges: list[Pledge]
    later: list[dict]


@dataclass
class Score:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    wrong_outcome: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def load_chains(folder: Path) -> list[Chain]:
    chains = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        pledges = [
            Pledge(
                actor=p["actor"],
                commitment=p["commitment"],
                evidence=p["evidence"],
                when=p.get("when"),
                due=p.get("due"),
            )
            for p in data["pledge"]["pledges"]
        ]
        chains.append(Chain(data["id"], data["pledge"], pledges, data.get("later", [])))
    return chains


def _story(chain: Chain, index: int, later: dict) -> Story:
    published: date = later["published"]
    analysis = analyze(later["title"], later["text"], published=published, demands=False)
    return Story(
        source=f"{chain.id}/later{index}",
        published=published,
        title=later["title"],
        text=later["text"],
        analysis=analysis,
    )


def evaluate(folder: Path, *, analysed: bool = False, show: bool = False) -> Score:
    """Link every later story of `folder` against every earlier pledge of `folder`, and score the links."""
    chains = load_chains(folder)
    tracked: list[TrackedPledge] = []
    gold_of_tracked: dict[str, str] = {}  # tracked pledge id -> "<chain>#<n>" of the annotation it stands for
    for chain in chains:
        source = f"{chain.id}/pledge"
        published: date = chain.pledge_story["published"]
        if analysed:
            found = analyze(chain.pledge_story["title"], chain.pledge_story["text"], published=published).pledges
        else:
            found = chain.pledges
        for n, pledge in enumerate(found, start=1):
            pid = f"{chain.id}#{n}"
            tracked.append(track(pledge, id=pid, published=published, source=source))
            gold = [i for i, g in enumerate(chain.pledges, start=1) if g.evidence.strip() == pledge.evidence.strip()]
            if gold:
                gold_of_tracked[pid] = f"{chain.id}#{gold[0] if len(gold) == 1 else _closest(chain, gold, pledge)}"
    score = Score()
    for chain in chains:
        for index, later in enumerate(chain.later, start=1):
            story = _story(chain, index, later)
            gold = {
                (f"{chain.id}#{link['pledge']}", link["outcome"]): link["evidence"] for link in later.get("links", [])
            }
            score.gold += len(gold)
            found_pairs: dict[str, FollowUp] = {}
            for follow_up in link_story(tracked, story):
                target = gold_of_tracked.get(follow_up.pledge_id, f"(unannotated {follow_up.pledge_id})")
                found_pairs.setdefault(target, follow_up)  # one pledge reported twice by the analysis counts once
            for target, follow_up in found_pairs.items():
                score.predicted += 1
                if (target, follow_up.outcome.value) in gold:
                    score.correct += 1
                else:
                    if any(t == target for t, _ in gold):
                        score.wrong_outcome += 1
                    score.notes.append(
                        f"WRONG {story.source} -> {target} as {follow_up.outcome.value}: "
                        f"{follow_up.reason}\n      {follow_up.evidence}"
                    )
            for (target, outcome), evidence in gold.items():
                hit = found_pairs.get(target)
                if hit is None or hit.outcome.value != outcome:
                    score.notes.append(f"MISSED {story.source} -> {target} {outcome}: {evidence}")
    if show:
        for note in score.notes:
            print("   ", note)
    return score


def _closest(chain: Chain, candidates: list[int], pledge: Pledge) -> int:
    """Of annotated pledges sharing one sentence, the one whose commitment shares most words with `pledge`."""
    words = set(pledge.commitment.casefold().split())
    return max(candidates, key=lambda i: len(words & set(chain.pledges[i - 1].commitment.casefold().split())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", nargs="+", type=Path, default=DEFAULT_HALVES)
    parser.add_argument("--show", action="store_true", help="list wrong and missed links with reasons")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a held-out target is missed")
    args = parser.parse_args(argv)

    print("## Pledge tracking: linking later stories to earlier pledges\n")
    print("| chains | pledges from | links (gold) | predicted | correct | wrong outcome | precision | recall |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    met: bool | None = None
    for folder in args.chains:
        if not any(folder.glob("*.toml")):
            print(f"(no chains in {folder}: skipped)")
            continue
        for analysed in (False, True):
            score = evaluate(folder, analysed=analysed, show=args.show and not analysed)
            label = "analysis" if analysed else "annotation"
            print(
                f"| {folder.name} ({len(load_chains(folder))}) | {label} | {score.gold} | {score.predicted} | "
                f"{score.correct} | {score.wrong_outcome} | {score.precision:.2f} | {score.recall:.2f} |"
            )
            if folder.name == HELD_OUT and not analysed:
                met = score.precision >= TARGET_PRECISION and score.recall >= TARGET_RECALL
    verdict = "not measured (held-out half not given)" if met is None else "met" if met else "MISSED"
    print(
        f"\nTargets, on the held-out half ({HELD_OUT}/) with annotated pledges: precision >= {TARGET_PRECISION}, "
        f"recall >= {TARGET_RECALL}: {verdict}"
    )
    return 1 if args.strict and met is False else 0


if __name__ == "__main__":
    sys.exit(main())
