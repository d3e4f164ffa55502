"""Every process, parameter and product name the sector formulas (accounting/calc/sectors.py and
power.py) look up exists in the vocabulary the templates and the reader use
(accounting/sector_items.toml): a name changed on one side only would make a formula silently find
nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import accounting.calc.power as power
import accounting.calc.sectors as sectors
from accounting.vocabulary import sector_items

# the methods whose process and parameter names are string constants, by the sector they serve
SECTORS = {
    "cement": "cement",
    "aluminium": "aluminium",
    "_anode": "aluminium",
    "_pfc": "aluminium",
    "steel": "steel",
    "_exported_gas": "steel",
    "glass": "glass",
    "chemicals": "chemicals",
    "power": "power",
}
LOOKUPS = {"rate", "given", "amount", "missing", "unused", "add", "no_production"}


def _names() -> list[tuple[str, str, str, str | None]]:
    """(function, call, process, parameter or None) of each lookup with a constant process name."""
    body = [n for m in (sectors, power) for n in ast.parse(Path(m.__file__).read_text(encoding="utf-8")).body]
    found = []
    for fn in (n for n in body if isinstance(n, ast.FunctionDef) and n.name in SECTORS):
        for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)):
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in call.args]
            if call.func.attr in LOOKUPS and args and args[0] is not None:
                found.append((fn.name, call.func.attr, args[0], args[1] if len(args) > 1 else None))
    return found


def test_the_formulas_look_up_names_the_vocabulary_has() -> None:
    names = _names()
    assert len(names) >= 50  # the walk found the lookups (a refactoring that hides them fails here)
    unknown = []
    for fn, call, process, name in names:
        items = sector_items(SECTORS[fn])
        p = items.process(process)
        if p is None:
            unknown.append(f"{fn}: process {process}")
        elif name is not None and call in ("rate", "given", "amount", "missing") and p.parameter(name) is None:
            unknown.append(f"{fn}: {process} / {name}")
    assert unknown == []


def test_the_clinker_products_are_cement_products() -> None:
    items = sector_items("cement")
    assert all(items.product(p) is not None for p in sectors.CLINKERS)
