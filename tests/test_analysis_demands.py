"""Demands and proposals are found and kept apart from pledges (invented copy)."""

import pytest

from bot.analysis import Analysis, Demand, analyze
from bot.analysis.demands import find_demand


@pytest.mark.parametrize(
    "sentence, kind, actor",
    [
        ("Opposition groups urged President Makonde to step aside before the vote.", "demand", "Opposition groups"),
        ("Meridia called for an immediate ceasefire along the river.", "demand", "Meridia"),
        ("Moscow insists that the alliance should withdraw its troops from the border.", "demand", "Moscow"),
        ("Among the proposals is a demand that the bloc stop its exercises.", "demand", ""),
        ("Estavia proposed talks on the disputed islands in Geneva.", "proposal", "Estavia"),
    ],
)
def test_demands_and_proposals(sentence, kind, actor):
    demand = find_demand(sentence)
    assert demand is not None
    assert (demand.kind, demand.actor, demand.evidence) == (kind, actor, sentence)


def test_a_demand_is_not_a_pledge():
    result = analyze("t", "The opposition urged the government to release all political prisoners.")
    assert result.pledges == []
    assert [d.kind for d in result.demands] == ["demand"]


def test_adjective_uses_are_not_proposals():
    assert find_demand("Washington will answer Moscow's proposed security guarantees in writing.") is None


def test_analysis_json_round_trip_keeps_demands_and_reads_older_rows():
    result = Analysis(demands=[Demand("proposal", "Estavia", "talks", "Estavia proposed talks.")])
    assert Analysis.from_json(result.to_json()) == result
    assert Analysis.from_json({"summary": ["x"]}).demands == []
