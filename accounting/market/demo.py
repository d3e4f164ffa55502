"""The demo province's compliance: a registry export of the last year in which most enterprises have
surrendered what they owe, one holds enough but has yet to surrender, one is short of allowances and
one submitted CCER beyond the cap (all numbers invented)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from accounting.market.facts import facts
from accounting.market.registry import write_registry
from accounting.market.rules import rule
from accounting.store import Store


def registry_export(store: Store, year: int, folder: Path, province: str | None = None) -> Path:
    """The registry's export of ``year`` for the covered enterprises the store holds."""
    cap = rule("ccer_cap")
    covered = sorted(
        (f for (_, y), f in facts(store, [year], province).items() if y == year and f.covered), key=lambda f: f.uscc
    )
    rows = []
    for k, f in enumerate(covered):
        owed = math.ceil(f.to_cover)
        if k == 1:  # short: holds and has surrendered 8 % less than it owes
            rows.append((f.uscc, f.name, round(owed * 0.40), round(owed * 0.52), 0))
        elif k == 2:  # CCER beyond the cap: 8 % of its emissions, the rest in allowances
            ccer = round(owed * 0.08)
            rows.append((f.uscc, f.name, 0, owed - ccer, ccer))
        elif k == 3:  # holds enough, has not surrendered yet
            rows.append((f.uscc, f.name, round(owed * 1.03), 0, 0))
        else:  # complied, part of it with CCER within the cap
            ccer = math.floor(owed * cap * 0.6) if k % 2 else 0
            rows.append((f.uscc, f.name, round(owed * 0.02), owed - ccer, ccer))
    folder.mkdir(parents=True, exist_ok=True)
    exported = date(year + 1, 11, 20).isoformat()
    return write_registry(folder / f"全国碳排放权注册登记系统_{year}_履约导出.csv", year, exported, rows)
