"""Everything a file puts into the store, computed before the store is touched.

Reading, checking and calculating take the time; they run here, in worker processes when many
files come at once, and the store's transaction then only writes rows (a
:class:`~accounting.store.record.Prepared`). :func:`prepare` tells what a file is and hands it to
its record kind: this module knows every kind, so it sits above them (the kinds build on
:mod:`.record`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from accounting.calc import Options, calculate
from accounting.chain.deposit import is_deposit
from accounting.chain.reconcile import annual_lines
from accounting.chain.records import prepare_deposit, prepare_grid
from accounting.chain.verification import prepare_verification
from accounting.chain.verification_sheet import is_verification
from accounting.factors import Library, bundled
from accounting.market.registry import is_registry, prepare_registry
from accounting.planning.budgets import is_budget, prepare_budget
from accounting.planning.inventory import is_balance, prepare_balance
from accounting.planning.projects import is_project, prepare_project
from accounting.reader import open_workbook, read_submission
from accounting.result import Result
from accounting.statistics import DATA, statistics_rows
from accounting.store.record import Prepared, Row, read_bytes
from accounting.store.tables import COUNTS, TOTALS


def _basis(frame: pd.DataFrame) -> list[str]:
    """Per fuel line, M (measured) or D (default) for NCV, carbon content and oxidation rate."""
    flags = [frame[c].fillna(False).astype(bool).to_numpy() for c in ("ncv_measured", "cc_measured", "of_measured")]
    return ["".join("M" if f[i] else "D" for f in flags) for i in range(len(frame))]


def _num(values: pd.Series) -> list[float | None]:
    """Floats as the store gives them back (an integer column would hash differently)."""
    return [None if math.isnan(v) else v for v in pd.to_numeric(values, errors="coerce").astype(float).tolist()]


def _ints(values: pd.Series) -> list[int | None]:
    return [None if v is None else int(v) for v in _num(values)]


def _part(
    kind: str,
    frame: pd.DataFrame,
    row: list[Any],
    name: str,
    item: list[str],
    quantity: str,
    unit: str,
    tco2e: str,
    tce: list[float | None],
    basis: list[str],
) -> list[Row]:
    """The stored lines of one kind: the columns every kind shares, converted once per column."""
    return list(
        zip(
            [kind] * len(frame),
            row,
            frame[name].astype(str),
            item,
            frame["month"].astype(int).tolist(),
            _num(frame[quantity]),
            frame[unit].astype(str),
            _num(frame[tco2e].fillna(0.0)),
            tce,
            basis,
            strict=True,
        )
    )


def _line_rows(result: Result) -> list[Row]:
    f, e, p = result.fuel_lines, result.energy_lines, result.process_lines
    rows: list[Row] = []
    if len(f):
        rows += _part(
            "fuel",
            f,
            _ints(f["row"]),
            "source",
            f["fuel"].astype(str).tolist(),
            "quantity",
            "unit",
            "tco2",
            _num(f["tce"]),  # never NaN once a file can be stored (a blank quantity is refused)
            _basis(f),
        )
    if len(e):
        rows += _part(
            "energy",
            e,
            _ints(e["row"]),
            "type",
            [""] * len(e),
            "quantity",
            "unit",
            "tco2",
            _num(e["tce"]),
            [""] * len(e),
        )
    if len(p):
        rows += _part(
            "process",
            p,
            [None] * len(p),
            "process",
            p["item"].astype(str).tolist(),
            "activity",
            "activity_unit",
            "tco2e",
            [0.0] * len(p),
            p["basis"].astype(str).tolist(),
        )
    return [(seq, *row) for seq, row in enumerate(rows)]


def _month_rows(result: Result) -> list[Row]:
    """tCO2e and tce per month; month 0 holds what was reported only for the whole year."""
    tce = pd.concat([result.fuel_lines[["month", "tce"]], result.energy_lines[["month", "tce"]]])
    tce_by_month = tce.groupby("month")["tce"].sum()
    tco2e = {int(m.month): float(m.tco2e) for m in result.by_month}
    tco2e[0] = float(result.annual_only)
    months = sorted(set(tco2e) | {int(m) for m in tce_by_month.index})
    return [(m, tco2e.get(m, 0.0), float(tce_by_month.get(m, 0.0))) for m in months]


def _reported_months(result: Result) -> int:
    months: set[int] = set()
    for frame in (result.fuel_lines, result.energy_lines, result.process_lines):
        if len(frame):
            months.update(int(m) for m in frame["month"].unique() if 1 <= int(m) <= 12)
    return len(months)


def submission_rows(result: Result, file_name: str, sha256: str) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    """The submissions row (its version and time of receipt are the store's to give) and the rows
    of its tables, from a result."""
    e, f = result.enterprise, result.fuel_lines
    valid = f[f["valid"].astype(bool)] if len(f) else f
    flags = valid[["ncv_measured", "cc_measured", "of_measured"]].fillna(False).astype(bool) if len(valid) else None
    totals = {
        "tco2e": result.tco2e,
        "tco2": result.tco2,
        "fuel_combustion": result.by_category.fuel_combustion,
        "process": result.by_category.process,
        "electricity": result.by_category.net_purchased_electricity,
        "heat": result.by_category.net_purchased_heat,
        "scope2_location": result.scope2.location_based,
        "scope2_market": result.scope2.market_based,
        "tce": result.energy.tce,
        "tce_feedstock": result.energy.tce_feedstock,
    }
    counts = {
        "parameters": 0 if flags is None else int(flags.size),
        "defaults": 0 if flags is None else int((~flags.to_numpy()).sum()),
        "months": _reported_months(result),
        "warnings": sum(1 for i in result.issues if i.severity == "warning"),
    }
    assert tuple(totals) == TOTALS and tuple(counts) == COUNTS
    record: dict[str, Any] = {
        "uscc": e.uscc,
        "year": int(result.year),
        "sha256": sha256,
        "file_name": file_name,
        "name": e.name,
        "province": e.province,
        "city": e.city or "",
        "sector": e.sector,
        "method": result.method,
        **{k: None if v is None else float(v) for k, v in totals.items()},
        **counts,
        "result": result.to_json(),
    }
    issue_rows = sorted((i.code, i.severity, i.sheet or "", i.cell or "", i.message()) for i in result.issues)
    product_rows = sorted((p.product, float(p.quantity), p.unit) for p in result.production)
    return record, {
        "lines": _line_rows(result),
        "months": _month_rows(result),
        "products": product_rows,
        "issues": issue_rows,
    }


def calculation(result: Result, options: Options, library: Library) -> str:
    """How a submission was calculated beyond its method, as stored with it: the options, and the
    fingerprint of every factor set the result used (a recalculation needs the same ones)."""
    sets = {set_id: library.set(set_id).fingerprint for set_id in result.factor_sets}
    return json.dumps({"options": dataclasses.asdict(options), "factor_sets": sets}, ensure_ascii=False, sort_keys=True)


def prepare(
    path: str | Path, method: str | None = None, options: Options | None = None, library: Library | None = None
) -> Prepared:
    """Read, check and calculate one file for the store; raises InvalidSubmission when it has errors.

    A submission is calculated as :func:`accounting.calculate` would with the same ``method``,
    ``options`` and ``library``, and the store records the options and the factor sets' fingerprints.

    What the file is decides how: a CSV is a registry's export of holdings when it has the column
    持有配额, else a grid company's electricity export; a workbook with
    the sheet 统计数据 is the statistics workbook, with 证据 a monthly deposit, with 核查信息 a
    verification, with 预算 a budget workbook, with 项目 a project workbook, with 能源平衡表 an
    energy balance; any other workbook is a submission.
    """
    path = Path(path)
    content = read_bytes(path)
    if path.suffix.lower() == ".csv":
        return prepare_registry(path, content) if is_registry(content) else prepare_grid(path, content)
    sha = hashlib.sha256(content).hexdigest()
    name = path.name
    opened = open_workbook(path)  # once: its sheets tell what it is
    names = opened[0].sheet_names
    if is_deposit(names):
        return prepare_deposit(path, content, opened, method)
    if is_verification(names):
        return prepare_verification(path, content, opened)
    if is_budget(names):
        return prepare_budget(path, content, opened)
    if is_balance(names):
        return prepare_balance(path, content, opened)
    if is_project(names):
        lib = library or bundled()
        return prepare_project(path, content, opened, lambda s: calculate(s, method, options or Options(), lib))
    if DATA in names:
        return Prepared(
            str(path),
            sha,
            content,
            "statistics",
            {"sha256": sha, "file_name": name},
            statistics_rows(path, opened),
        )
    submission = read_submission(path, opened)
    options = options or Options()
    library = library or bundled()
    result = calculate(submission, method, options, library)
    record, tables = submission_rows(result, name, sha)
    record["calculation"] = calculation(result, options, library)
    return Prepared(
        str(path), sha, content, "submission", record, tables, extra={"reconcile": annual_lines(submission, result)}
    )
