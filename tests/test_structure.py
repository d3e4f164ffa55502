"""The package's structure: no import cycle, every module importable alone, tests on the public names only.

An import cycle hidden in a function (``def f(): from accounting.x import y``) is still a cycle: the
graph here counts every import but those for type checkers, so moving an import into a function
does not make a cycle pass.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "accounting"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:  # Alembic loads these by file, never by import
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of a module, at any depth, except those under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for n in ast.walk(node)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) and id(n) not in skipped]


def graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of the package it imports (``from a.b import c``: a.b.c if a module, else a.b)."""
    edges: dict[str, set[str]] = {name: set() for name in found}
    for name, path in found.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in imports(path):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in found else base for a in node.names]
            edges[name] |= {t for t in targets if t in found and t != name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle_and_a_hidden_one(tmp_path: Path) -> None:
    """The checker itself: a direct cycle, a cycle through a function-level import, and none."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import accounting.x\n"
        "def f():\n    from accounting.y import z\n",
        encoding="utf-8",
    )
    assert [getattr(n, "module", None) for n in imports(module)] == ["typing", "accounting.y"]


def test_no_import_cycle_anywhere() -> None:
    found = modules()
    edges = graph(found)
    assert len(found) > 90 and sum(map(len, edges.values())) > 200  # the graph was read, not empty
    assert cycles(edges) == []


# STYLE 8: modules under about 400 lines, split by responsibility. The two nearest the bound are the
# store's table declarations and the template writer's sheets, each one list of one kind of thing.
MAX_LINES = 420


def test_every_module_stays_under_about_400_lines() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert max(sizes.values()) > 300  # the files were read
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_every_module_imports_alone() -> None:
    """Each module in a fresh interpreter: an order-dependent import (a cycle through a package) fails here."""
    names = sorted(set(modules()) - {"accounting.__main__"})  # that one runs the command when imported

    def alone(name: str) -> tuple[str, int, str]:
        done = subprocess.run(
            [sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        return name, done.returncode, (done.stderr.strip().splitlines() or [""])[-1]

    with ThreadPoolExecutor(4) as pool:
        failed = [(name, err) for name, code, err in pool.map(alone, names) if code]
    assert failed == []


def test_the_benchmarks_import() -> None:
    """``make bench`` runs the scripts of tests/benchmarks; a renamed module must not break them unseen."""
    scripts = sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py"))
    code = "import sys; sys.path.insert(0, 'tests/benchmarks'); " + "; ".join(f"import {p.stem}" for p in scripts)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert len(scripts) >= 3 and done.returncode == 0, done.stderr


def test_the_command_line_uses_only_the_public_api() -> None:
    """``accounting/cli/`` imports ``accounting`` (the public API) and its own modules, nothing else of the package."""
    found = modules()
    edges = graph(found)
    reached = {
        name: sorted(t for t in edges[name] if not t.startswith("accounting.cli") and t != "accounting")
        for name in found
        if name.startswith("accounting.cli")
    }
    assert reached and all(not targets for targets in reached.values()), reached


@pytest.mark.parametrize("path", sorted((ROOT / "tests").rglob("*.py")), ids=lambda p: p.name)
def test_tests_import_no_private_name(path: Path) -> None:
    private = [
        f"{node.module}.{a.name}"
        for node in imports(path)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("accounting")
        for a in node.names
        if a.name.startswith("_") and not a.name.startswith("__")
    ]
    assert private == []


def test_the_database_help_names_the_default_database() -> None:
    """The CLI spells the default in its help without importing the store; it must be the store's."""
    from accounting import DEFAULT_DB
    from accounting.cli.app import DB_HELP

    assert f"否则 {DEFAULT_DB}）" in DB_HELP


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """``tanhe --help`` and the group load no pandas, NumPy, SQLAlchemy, openpyxl, pint or WeasyPrint."""
    code = (
        "import sys, accounting.cli; "
        "print([m for m in ('pandas', 'numpy', 'sqlalchemy', 'openpyxl', 'pint', 'weasyprint', 'python_calamine') "
        "if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_validating_a_workbook_loads_no_store_reports_or_writers() -> None:
    """``tanhe validate`` reads and checks: SQLAlchemy, openpyxl, the report and region packages are for others."""
    code = (
        "import sys\n"
        "sys.argv = ['tanhe', 'validate', 'tests/data/bad/valid.xlsx']\n"
        "from accounting.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('sqlalchemy', 'openpyxl', 'weasyprint', 'accounting.report', 'accounting.region',\n"
        "         'accounting.store')\n"
        "print(sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + '.')}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_every_mutation_campaign_names_modules_and_tests_that_exist() -> None:
    import tomllib

    from tools.mutants import campaigns, configured

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert {"calculation", "store", "prepare", "region", "audit"} <= set(campaigns())
    for name, campaign in campaigns().items():
        mutate = [p for pattern in campaign["mutate"] for p in ROOT.glob(pattern)]  # type: ignore[attr-defined]
        assert mutate and all(p.suffix == ".py" for p in mutate), name
        assert all((ROOT / t).is_file() for t in campaign["tests"]), name  # type: ignore[attr-defined]
        mutmut = tomllib.loads(configured(pyproject, campaign))["tool"]["mutmut"]
        assert (mutmut["only_mutate"], mutmut["pytest_add_cli_args_test_selection"]) == (
            campaign["mutate"],
            campaign["tests"],
        ), name
        args = mutmut["pytest_add_cli_args"]
        assert args[args.index("-k") + 1] == campaign["deselect"] and "--timeout" in args, name
