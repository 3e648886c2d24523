"""Every named rule earns its place by examples of its own (tests/rules/*.toml), and every example holds.

Three checks: each example passes with every rule on; each example names only rules that exist; and each rule
has at least one example that fails when that rule alone is switched off (a rule nothing needs is removed).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

import bot.analysis  # noqa: F401  (declares every rule)
from bot.analysis.rules import all_rules, switched_off
from tests.rules.examples import Example, failures, load_examples

EXAMPLES = load_examples()
BY_RULE: dict[str, list[Example]] = defaultdict(list)
for _example in EXAMPLES:
    for _name in _example.rules:
        BY_RULE[_name].append(_example)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.source)
def test_example_holds(example: Example):
    assert failures(example) == [], example.label


def test_examples_name_only_rules_that_exist():
    unknown = {name: [e.source for e in examples] for name, examples in BY_RULE.items() if name not in all_rules()}
    assert unknown == {}


@pytest.mark.parametrize("name", sorted(all_rules()))
def test_rule_is_needed_by_one_of_its_examples(name: str):
    examples = BY_RULE.get(name)
    assert examples, f"rule {name} has no example (tests/rules/*.toml)"
    with switched_off(name):
        needed = [e.source for e in examples if failures(e)]
    assert needed, f"every example of {name} passes with it switched off: the rule is not needed, or lacks an example"


def test_a_switched_off_rule_is_back_on_afterwards():
    name = sorted(all_rules())[0]
    with switched_off(name):
        assert not all_rules()[name]
    assert all_rules()[name]


def test_switching_off_an_unknown_rule_is_refused():
    with pytest.raises(KeyError):
        with switched_off("quotes.no-such-rule"):
            pass
