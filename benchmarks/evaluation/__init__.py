"""The Communiqué evaluation harness: gold articles, scoring rules and baselines, kept apart from the product.

`benchmarks/eval.py` is the command; these modules are importable so that tests can check the scoring itself.
"""
