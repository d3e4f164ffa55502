"""What a deposit and a grid company's export put into the store (their :class:`Prepared`)."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import numpy as np

from accounting.chain.deposit import calculate_deposit, read_deposit
from accounting.chain.grid import read_grid
from accounting.reader import Opened
from accounting.store.record import Prepared, Row
from accounting.vocabulary import sector_items


def _value(x: Any) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def prepare_deposit(path: Path, content: bytes, opened: Opened, method: str | None = None) -> Prepared:
    """Read, check and calculate a deposit; raises InvalidSubmission with every issue."""
    deposit = read_deposit(path, opened)
    result = calculate_deposit(deposit, method)
    sha = hashlib.sha256(content).hexdigest()
    lines: list[Row] = []
    f = result.fuel_lines
    for r in f[f["valid"].astype(bool)].itertuples():
        lines.append(
            (
                "fuel",
                int(r.row),
                str(r.source),
                str(r.fuel),
                float(r.quantity),
                str(r.unit),
                float(r.activity),
                str(r.activity_unit),
                float(r.ncv) if r.ncv_measured else None,
                float(r.cc) if r.cc_measured else None,
                _value(r.carbon_fraction),
                float(r.of) if r.of_measured else None,
                float(r.tco2),
            )
        )
    for r in result.energy_lines.itertuples():
        unit = "MWh" if r.is_electricity else "GJ"
        lines.append(
            (
                "energy",
                int(r.row),
                str(r.type),
                "",
                float(r.quantity),
                str(r.unit),
                float(r.mwh if r.is_electricity else r.heat_gj),
                unit,
                None,
                None,
                None,
                None,
                float(r.tco2),
            )
        )
    production = deposit.submission.table("production")
    if production is not None and len(production):
        vocabulary = sector_items(deposit.submission.sector)
        from accounting.arrays import conversions

        d = production.data
        for product, rows in d.groupby("product", sort=False):
            target = vocabulary.unit_for(str(product), str(rows.unit.iloc[0]))
            factor, _ = conversions(rows.unit.to_numpy(object), target)
            for r, to in zip(rows.itertuples(), factor, strict=True):
                lines.append(
                    (
                        "production",
                        int(r.row),
                        str(product),
                        "",
                        float(r.quantity),
                        str(r.unit),
                        float(r.quantity * to) if np.isfinite(to) else float(r.quantity),
                        target,
                        None,
                        None,
                        None,
                        None,
                        0.0,
                    )
                )
    e = result.enterprise
    record = {
        "uscc": e.uscc,
        "year": int(result.year),
        "month": deposit.month,
        "sha256": sha,
        "file_name": path.name,
        "name": e.name,
        "province": e.province,
        "city": e.city or "",
        "sector": e.sector,
        "tco2e": float(result.tco2e),
        "tce": float(result.energy.tce),
    }
    evidence = sorted((ev.sha256, ev.file, ev.sheet, ev.rows, ev.note) for ev in deposit.evidence)
    return Prepared(
        str(path),
        sha,
        content,
        "deposit",
        record,
        {"deposit_lines": [(seq, *line) for seq, line in enumerate(lines)], "deposit_evidence": evidence},
        {ev.sha256: ev.content for ev in deposit.evidence},
    )


def prepare_grid(path: Path, content: bytes) -> Prepared:
    """Read and check a grid company's export; raises InvalidSubmission with every issue."""
    export = read_grid(path, content)
    sha = hashlib.sha256(content).hexdigest()
    record = {"supplier": export.supplier, "year": export.year, "sha256": sha, "file_name": path.name}
    return Prepared(str(path), sha, content, "grid", record, {"grid_readings": sorted(export.readings)})
