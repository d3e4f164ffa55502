"""The annual report against the monthly deposits: each month's key values compared with the latest
deposit of that month, every difference beyond a tolerance an issue at the annual report's cell.

Compared per (sheet, facility or type or product, fuel, month): the quantity in its activity unit
(t, 万Nm3, MWh, GJ, the product's unit, so that 吨 and 万吨 compare), and for fuels the measured NCV,
carbon per unit heat, as-received carbon content and oxidation. A line deposited that the annual
report lacks is an issue too (at the sheet). The tolerance is data (factors/chain-rules).

When an annual submission is stored, the comparison is made against the deposits the store holds
at that moment and kept with the version's issues; ``db verify`` makes it again against the
deposits that were stored before that version (by the log's order), so it recomputes exactly.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from accounting import schema
from accounting.chain.rules import rule
from accounting.issues import Issue
from accounting.result import Result
from accounting.store import tables as t
from accounting.store.record import Prepared
from accounting.submission import Submission

if TYPE_CHECKING:
    from accounting.store import Store

# (value compared, the submission's column holding it, its name)
FIELDS = (
    ("activity", "quantity", "消耗量"),
    ("ncv", "ncv", "低位发热量"),
    ("carbon_per_heat", "carbon_per_heat", "单位热值含碳量"),
    ("carbon_fraction", "carbon_fraction", "元素碳含量"),
    ("oxidation", "oxidation", "碳氧化率"),
)
KINDS = {"fuel": "化石燃料", "energy": "电力热力", "production": "产品产量"}
QUANTITY = {"fuel": "消耗量", "energy": "数量", "production": "产量"}  # the quantity's name on each sheet
TYPE_NAMES = {key: name for name, key in schema.ENERGY_TYPES.items()}  # purchased_electricity -> 购入电力


def annual_lines(submission: Submission, result: Result) -> list[dict[str, Any]]:
    """The annual report's key values per (kind, name, item, month), with the cell of each."""
    out: list[dict[str, Any]] = []
    fuel = submission.table("fuel")
    if fuel is not None and len(result.fuel_lines):
        f = result.fuel_lines
        positions = {int(r): i for i, r in enumerate(fuel.data["row"])}
        for r in f[f["valid"].astype(bool) & (f["month"] > 0)].itertuples():
            i = np.array([positions[int(r.row)]])
            cells = {column: fuel.cells(column, i)[0] for _, column, _ in FIELDS if column in fuel.letters}
            out.append(
                {
                    "kind": "fuel",
                    "sheet": fuel.name,
                    "name": str(r.source),
                    "item": str(r.fuel),
                    "month": int(r.month),
                    "activity": float(r.activity),
                    "unit": str(r.activity_unit),
                    "ncv": float(r.ncv) if r.ncv_measured else None,
                    "carbon_per_heat": float(r.cc) if r.cc_measured else None,
                    "carbon_fraction": None if math.isnan(r.carbon_fraction) else float(r.carbon_fraction),
                    "oxidation": float(r.of) if r.of_measured else None,
                    "cells": cells,
                }
            )
    energy = submission.table("energy")
    if energy is not None and len(result.energy_lines):
        positions = {int(r): i for i, r in enumerate(energy.data["row"])}
        for r in result.energy_lines[result.energy_lines["month"] > 0].itertuples():
            cell = energy.cells("quantity", np.array([positions[int(r.row)]]))[0]
            out.append(
                {
                    "kind": "energy",
                    "sheet": energy.name,
                    "name": str(r.type),
                    "item": "",
                    "month": int(r.month),
                    "activity": float(r.mwh if r.is_electricity else r.heat_gj),
                    "unit": "MWh" if r.is_electricity else "GJ",
                    "cells": {"quantity": cell},
                }
            )
    production = submission.table("production")
    if production is not None and len(production):
        d = production.data
        quantity_cells = production.cells("quantity")
        for k in np.flatnonzero(d["month"].to_numpy() > 0):
            out.append(
                {
                    "kind": "production",
                    "sheet": production.name,
                    "name": str(d["product"].iloc[k]),
                    "item": "",
                    "month": int(d["month"].iloc[k]),
                    "activity": float(d["quantity"].iloc[k]),
                    "unit": str(d["unit"].iloc[k]),
                    "cells": {"quantity": quantity_cells[k]},
                }
            )
    return out


def deposited(store: Store, uscc: str, year: int, before: int | None = None) -> pd.DataFrame:
    """The lines of the latest deposit of each month of an enterprise's year, with the deposit's version;
    only deposits logged before log entry ``before`` when given."""
    d, lines = t.deposits, t.deposit_lines
    versions = store.frame(select(d.c.id, d.c.month, d.c.version).where(d.c.uscc == uscc, d.c.year == year))
    if versions.empty:
        return pd.DataFrame()
    if before is not None:
        seqs = _logged(store, uscc, year)
        versions = versions[
            [
                seqs.get((int(m), int(v)), math.inf) < before
                for m, v in zip(versions.month, versions.version, strict=True)
            ]
        ]
    latest = versions.sort_values("version").groupby("month").tail(1)
    if latest.empty:
        return pd.DataFrame()
    rows = store.frame(select(lines).where(lines.c.deposit_id.in_([int(i) for i in latest.id])))
    return rows.merge(latest.rename(columns={"id": "deposit_id"}), on="deposit_id")


def _logged(store: Store, uscc: str, year: int) -> dict[tuple[int, int], int]:
    """The log position of each deposit version of an enterprise's year: (month, version) -> seq."""
    log = store.frame(
        select(t.log.c.seq, t.log.c.entry).where(
            t.log.c.entry.contains('"action":"deposit"'), t.log.c.entry.contains(f'"uscc":"{uscc}"')
        )
    )
    out = {}
    for seq, text in zip(log.seq, log.entry, strict=True):
        entry = json.loads(text)
        if int(entry["year"]) == year:
            out[int(entry["month"]), int(entry["version"])] = int(seq)
    return out


def compare(annual: list[dict[str, Any]], deposits: pd.DataFrame, tolerance: float) -> list[Issue]:
    """Every difference between the annual report's lines and the deposits' beyond ``tolerance``."""
    if deposits.empty:
        return []
    issues: list[Issue] = []
    months = set(deposits["month"].astype(int))
    grouped: dict[tuple[str, str, str, int], list[dict[str, Any]]] = {}
    for line in annual:
        grouped.setdefault((line["kind"], line["name"], line["item"], line["month"]), []).append(line)
    for key, dep in deposits.groupby(["kind", "name", "item", "month"], sort=True):
        kind, name, item, month = str(key[0]), str(key[1]), str(key[2]), int(key[3])
        version = int(dep["version"].iloc[0])
        mine = grouped.pop((kind, name, item, month), None)
        what = " / ".join(p for p in (TYPE_NAMES.get(name, name), item) if p)
        if mine is None:
            issues.append(
                Issue("deposit-line-absent", KINDS[kind], "", f"{what} {month}月", f"{month} 月存证第 {version} 版")
            )
            continue
        for field, column, label in FIELDS:
            if column not in mine[0]["cells"] or (kind != "fuel" and field != "activity"):
                continue
            ours: float | None
            theirs: float | None
            if field == "activity":
                ours, theirs = sum(m["activity"] for m in mine), float(dep["activity"].sum())
            else:
                ours, value = mine[0].get(field), dep[field].iloc[0]
                theirs = None if value is None or pd.isna(value) else float(value)
                if ours is None and theirs is None:
                    continue
            if ours is None or theirs is None or not math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=1e-12):
                unit = mine[0]["unit"] if field == "activity" else ""
                named = QUANTITY[kind] if field == "activity" else label
                issues.append(
                    Issue(
                        "deposit-mismatch",
                        mine[0]["sheet"],
                        mine[0]["cells"][column],
                        _shown(ours, field, unit),
                        f"{month} 月存证第 {version} 版为「{_shown(theirs, field, unit)}」（{named}）",
                    )
                )
    for (kind, _, _, month), mine in grouped.items():
        if month in months and kind in KINDS:  # deposited that month, but this line was not
            first = mine[0]
            issues.append(
                Issue(
                    "deposit-mismatch",
                    first["sheet"],
                    first["cells"]["quantity"],
                    _shown(sum(m["activity"] for m in mine), "activity", first["unit"]),
                    f"{month} 月存证中没有此项",
                )
            )
    return issues


def _shown(value: float | None, field: str, unit: str) -> str:
    if value is None:
        return "未实测（缺省值）"
    if field in ("carbon_fraction", "oxidation"):
        return f"{value * 100:.6g} %"
    return f"{value:.6g} {unit}".strip()


def reconcile(store: Store, submission: Submission, result: Result, before: int | None = None) -> list[Issue]:
    """The reconciliation issues of an annual submission against the store's deposits."""
    deposits = deposited(store, str(result.enterprise.uscc), int(result.year), before)
    return compare(annual_lines(submission, result), deposits, rule("reconcile_tolerance"))


def finish(store: Store, p: Prepared, before: int | None = None) -> Prepared:
    """A prepared submission with its reconciliation issues added (none when nothing was deposited)."""
    annual = p.extra.get("reconcile", [])
    record = p.record
    deposits = deposited(store, str(record["uscc"]), int(record["year"]), before)
    issues = compare(annual, deposits, rule("reconcile_tolerance"))
    if not issues:
        return p
    rows = sorted(
        [*p.tables["issues"], *((i.code, i.severity, i.sheet or "", i.cell or "", i.message()) for i in issues)]
    )
    record = {**record, "warnings": int(record["warnings"]) + len(issues)}
    return dataclasses.replace(p, record=record, tables={**p.tables, "issues": rows})
