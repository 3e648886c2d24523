"""The shape of the code: packages import each other one way, and platform knowledge stays in platform packages.

Imports are read from the source (every `import` and `from ... import`, at any depth, lazy ones included), so a
cycle that only shows at run time, or only on one code path, is caught too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ("bot", "storage")


def package_of(module: str) -> str | None:
    """The node a module belongs to: `bot.platforms.<name>` per platform, `bot.<sub>` per subpackage or module,
    `storage` as a whole; None for modules outside Communiqué."""
    parts = module.split(".")
    if parts[0] == "storage":
        return "storage"
    if parts[0] != "bot":
        return None
    if len(parts) == 1:
        return "bot"
    if parts[1] == "platforms" and len(parts) > 2 and (ROOT / "bot" / "platforms" / parts[2]).is_dir():
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    here = module_name(path).split(".")
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against this module's package
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(  # `from bot import commands` imports a module; `from bot import __version__` does not
                f"{stem}.{alias.name}" for alias in node.names if is_module(f"{stem}.{alias.name}")
            )
    return found


def dependency_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*.py")):
            source = package_of(module_name(path))
            assert source is not None
            edges = graph.setdefault(source, set())
            for module in imported_modules(path):
                target = package_of(module)
                if target is not None and target != source and target != "bot":
                    edges.add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_package_imports_itself_back_through_another() -> None:
    graph = dependency_graph()
    assert "bot.core" in graph and "bot.platforms.telegram" in graph, "the graph reads the packages"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle or [])


def test_core_and_storage_import_nothing_above_them() -> None:
    graph = dependency_graph()
    assert graph["storage"] == set(), "storage imports nothing from bot/"
    # The contracts may use the analysis' plain records (quotes, pledges), which import nothing from Communiqué.
    assert graph["bot.core"] <= {"bot.analysis"}, graph["bot.core"]
    assert graph["bot.analysis"] == set()


def test_platform_packages_depend_only_on_the_contracts() -> None:
    graph = dependency_graph()
    platforms = [node for node in graph if node.startswith("bot.platforms.")]
    assert {"bot.platforms.telegram", "bot.platforms.discord", "bot.platforms.console"} <= set(platforms)
    for node in platforms:
        assert graph[node] <= {"bot.core", "bot.analysis", "bot.redact"}, (node, graph[node])


def test_the_platform_neutral_packages_never_name_a_platform() -> None:
    named = re.compile(r"telegram|discord", re.IGNORECASE)
    places = [ROOT / "bot" / name for name in ("core", "commands", "delivery", "digest")] + [ROOT / "storage"]
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for place in places
        for path in sorted(place.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if named.search(line)
    ]
    assert hits == []


def test_the_readme_stays_a_readme() -> None:
    """What it is, how to start, operate and set it up; reports and deep dives go to docs/ and are linked."""
    readme = (ROOT / "README.md").read_bytes()
    assert len(readme) < 15_000, f"README.md is {len(readme)} bytes: move details to docs/ and link them"
    for linked in re.findall(rb"\]\((docs/[^)#]+)", readme):
        assert (ROOT / linked.decode()).is_file(), linked
