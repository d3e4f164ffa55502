"""The regulator's monthly review of deposits (月度审核与交叉联审), computed from the store.

For a month: who deposited on time, late or not at all (against the statistics workbook's roster,
else everyone who deposited in the year); each deposited key parameter against the month before,
the same month a year earlier, and the sector's peers (median and spread of NCV and carbon content
per fuel); the measured values without evidence; the grid company's electricity against what each
enterprise deposited and reported; and the months where emissions and electricity move apart.
Thresholds and the deadline are data (factors/chain-rules).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from accounting.chain.rules import rule
from accounting.store import Store
from accounting.store import tables as t

CHINA = timezone(timedelta(hours=8))  # deadlines are days in China's time (no daylight saving)
MAD_SIGMA = 1.4826  # the MAD of a normal distribution times this is its standard deviation


def deadline(year: int, month: int) -> date:
    """The last day a deposit of ``month`` is on time: the month's last day + the rule's days."""
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last + timedelta(days=int(rule("deposit_days_after_month")))


def local_day(received: str) -> date:
    """The day in China of a time of receipt (ISO 8601, UTC)."""
    return datetime.fromisoformat(received).astimezone(CHINA).date()


@dataclass(frozen=True)
class Review:
    year: int
    month: int
    province: str | None
    deadline: date
    status: pd.DataFrame  # per expected enterprise: on_time | late | missing, days late, received, versions
    parameters: pd.DataFrame  # per deposited line: this month, the month before, a year before, changes, flags
    peers: pd.DataFrame  # per (sector, fuel, parameter): n, median, MAD, low, high
    unevidenced: pd.DataFrame  # deposited lines with a measured value and no evidence covering them
    grid: pd.DataFrame  # per enterprise: grid MWh, deposited MWh, reported MWh, differences, flags
    divergent: pd.DataFrame  # enterprises whose fuel fell while output and electricity rose


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _latest_deposits(store: Store, year: int, month: int) -> pd.DataFrame:
    d = t.deposits
    return store.newest("deposit", [d.c.year == year, d.c.month == month])


def review(store: Store, year: int, month: int, province: str | None = None) -> Review:
    d = t.deposits
    every = store.frame(
        select(
            d.c.uscc, d.c.year, d.c.month, d.c.version, d.c.received, d.c.name, d.c.city, d.c.province, d.c.sector
        ).where(d.c.year == year)
    )
    if province:
        every = every[every.province == province]
    now = _latest_deposits(store, year, month)
    if province:
        now = now[now.province == province]
    status = _status(store, every, year, month)
    lines = _lines(store, now)
    before = _lines(store, _latest_deposits(store, *_month_before(year, month)))
    last_year = _lines(store, _latest_deposits(store, year - 1, month))
    parameters = _parameters(lines, before, last_year)
    peers, parameters = _peers(parameters)
    return Review(
        year,
        month,
        province,
        deadline(year, month),
        status,
        parameters,
        peers,
        _unevidenced(store, now, lines),
        _grid(store, now, lines, year, month),
        _divergent(lines, before, store, year, month),
    )


def _status(store: Store, every: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    roster = store.statistics()["roster"]
    if len(roster):  # of the roster, the enterprises in the national carbon market's sectors that year
        market = roster[[_in_market(sector, year) for sector in roster.sector]]
        columns = ["uscc", "name", "city"]
        expected = pd.concat([market[columns], every[columns]]).drop_duplicates("uscc")
    else:
        expected = every.drop_duplicates("uscc")[["uscc", "name", "city"]]
    due = deadline(year, month)
    rows: list[tuple[Any, ...]] = []
    mine = every[every.month == month]
    for r in expected.itertuples(index=False):
        got = mine[mine.uscc == r.uscc]
        if got.empty:
            rows.append((r.uscc, r.name, r.city, "missing", None, "", 0))
            continue
        first = str(got.received.min())
        late = (local_day(first) - due).days
        rows.append(
            (r.uscc, r.name, r.city, "late" if late > 0 else "on_time", max(late, 0), first, int(got.version.max()))
        )
    order = {"missing": 0, "late": 1, "on_time": 2}
    frame = pd.DataFrame(rows, columns=["uscc", "name", "city", "status", "days_late", "received", "versions"])
    return frame.sort_values(
        ["status", "uscc"], key=lambda c: c.map(order) if c.name == "status" else c, ignore_index=True
    )


def _in_market(sector: str, year: int) -> bool:
    """Whether a sector (its key or Chinese name) is covered by the national carbon market in ``year``:
    its default method there is a market method (factors/methods.toml), not provincial accounting."""
    from accounting import schema
    from accounting.factors import bundled

    key = schema.lookup(schema.SECTORS, sector) or sector
    return bundled().default_method(key, year).electricity_rule == "reporting"


def _lines(store: Store, deposits: pd.DataFrame) -> pd.DataFrame:
    rows = store.rows("deposit_lines", "deposit_id", deposits["id"] if len(deposits) else [])
    if rows.empty:
        return rows.assign(uscc=[], name_e=[], sector=[], carbon=[])
    meta = deposits[["id", "uscc", "name", "sector", "version"]].rename(columns={"id": "deposit_id", "name": "name_e"})
    rows = rows.merge(meta, on="deposit_id")
    # carbon: per unit heat where measured so, else the as-received fraction per GJ of the measured NCV
    per_heat = rows.carbon_fraction / rows.ncv
    rows["carbon"] = rows.carbon_per_heat.fillna(per_heat)
    return rows


def _parameters(now: pd.DataFrame, before: pd.DataFrame, last_year: pd.DataFrame) -> pd.DataFrame:
    if now.empty:
        return pd.DataFrame(
            columns=[
                "uscc",
                "name_e",
                "sector",
                "kind",
                "name",
                "item",
                "activity",
                "activity_unit",
                "ncv",
                "carbon",
                "prior_activity",
                "change",
                "last_year_activity",
                "change_year",
                "flag",
            ]
        )
    keys = ["uscc", "kind", "name", "item"]
    agg = now.groupby([*keys, "name_e", "sector", "activity_unit"], as_index=False).agg(
        activity=("activity", "sum"), ncv=("ncv", "mean"), carbon=("carbon", "mean"), row=("row", "min")
    )
    for frame, column in ((before, "prior_activity"), (last_year, "last_year_activity")):
        sums = (
            frame.groupby(keys)["activity"].sum().rename(column) if len(frame) else pd.Series(name=column, dtype=float)
        )
        agg = (
            agg.merge(sums, left_on=keys, right_index=True, how="left")
            if len(frame)
            else agg.assign(**{column: np.nan})
        )
    agg["change"] = (agg.activity - agg.prior_activity) / agg.prior_activity.where(agg.prior_activity != 0)
    agg["change_year"] = (agg.activity - agg.last_year_activity) / agg.last_year_activity.where(
        agg.last_year_activity != 0
    )
    limit = rule("change_flag")
    agg["flag"] = np.where((agg.change.abs() > limit) | (agg.change_year.abs() > limit), "change", "")
    return agg.sort_values(["uscc", "kind", "name", "item"], ignore_index=True)


def _peers(parameters: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Median and spread of each measured parameter per (sector, fuel); values beyond k·1.4826·MAD flagged."""
    k = rule("peer_mad_factor")
    rows = []
    fuel = parameters[parameters.kind == "fuel"]
    parameters = parameters.assign(peer="")
    for (sector, item), group in fuel.groupby(["sector", "item"]):
        for field in ("ncv", "carbon"):
            values = group[field].dropna()
            if len(values) < 3:  # a median of two is no peer group
                continue
            median = float(values.median())
            mad = float((values - median).abs().median())
            low, high = median - k * MAD_SIGMA * mad, median + k * MAD_SIGMA * mad
            rows.append((sector, item, field, len(values), median, mad, low, high))
            outside = group.index[(group[field] < low) | (group[field] > high)] if mad > 0 else []
            parameters.loc[outside, "peer"] = parameters.loc[outside, "peer"] + f"{field} "
    peers = pd.DataFrame(rows, columns=["sector", "fuel", "parameter", "n", "median", "mad", "low", "high"])
    parameters["flag"] = (parameters["flag"] + " " + parameters["peer"].str.strip()).str.strip()
    return peers, parameters.drop(columns="peer")


def _unevidenced(store: Store, deposits: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Fuel lines with a measured parameter that no evidence row of their deposit covers."""
    from accounting.chain.deposit import Evidence

    columns = ["uscc", "name_e", "row", "name", "item", "measured"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    evidence = store.rows("deposit_evidence", "deposit_id", deposits["id"])
    by_deposit: dict[int, list[Evidence]] = {}
    for e in evidence.itertuples(index=False):
        by_deposit.setdefault(int(e.deposit_id), []).append(Evidence(e.file_name, e.sheet, e.rows, e.note, "", b""))
    out = []
    measured = lines[
        (lines.kind == "fuel") & lines[["ncv", "carbon_per_heat", "carbon_fraction", "oxidation"]].notna().any(axis=1)
    ]
    for r in measured.itertuples(index=False):
        if not any(ev.covers("化石燃料", int(r.row)) for ev in by_deposit.get(int(r.deposit_id), [])):
            what = [
                name
                for name, column in (
                    ("低位发热量", "ncv"),
                    ("单位热值含碳量", "carbon_per_heat"),
                    ("元素碳含量", "carbon_fraction"),
                    ("碳氧化率", "oxidation"),
                )
                if pd.notna(getattr(r, column))
            ]
            out.append((r.uscc, r.name_e, int(r.row), r.name, r.item, "、".join(what)))
    return pd.DataFrame(out, columns=columns)


def grid_readings(store: Store, year: int, month: int | None = None) -> pd.DataFrame:
    """The latest version of each grid company's export for ``year``: MWh per enterprise (and month)."""
    g = t.grid_versions
    versions = store.newest("grid", [g.c.year == year])
    readings = store.rows("grid_readings", "grid_id", versions["id"] if len(versions) else [])
    if month is not None:
        readings = readings[readings.month == month]
    return readings.groupby(["uscc", "month"], as_index=False)["mwh"].sum()


def _grid(store: Store, deposits: pd.DataFrame, lines: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    columns = ["uscc", "name", "grid", "deposited", "reported", "difference", "difference_reported", "flag"]
    grid = grid_readings(store, year, month)
    if grid.empty:
        return pd.DataFrame(columns=columns)
    bought = lines[(lines.kind == "energy") & lines.name.isin(["purchased_electricity", "purchased_green_electricity"])]
    deposited = bought.groupby("uscc")["activity"].sum() if len(bought) else pd.Series(dtype=float)
    reported = _reported_electricity(store, year, month)
    names = dict(zip(deposits.uscc, deposits.name, strict=True)) if len(deposits) else {}
    tolerance = rule("grid_tolerance")
    rows = []
    for r in grid.itertuples(index=False):
        mine, annual = deposited.get(r.uscc), reported.get(r.uscc)
        gap = None if mine is None else (mine - r.mwh) / r.mwh if r.mwh else None
        gap_annual = None if annual is None else (annual - r.mwh) / r.mwh if r.mwh else None
        flag = "missing" if mine is None else "difference" if gap is not None and abs(gap) > tolerance else ""
        if gap_annual is not None and abs(gap_annual) > tolerance:
            flag = (flag + " annual").strip()
        rows.append((r.uscc, names.get(r.uscc, ""), r.mwh, mine, annual, gap, gap_annual, flag))
    return pd.DataFrame(rows, columns=columns).sort_values("uscc", ignore_index=True)


def _reported_electricity(store: Store, year: int, month: int) -> dict[str, float]:
    """Purchased electricity of ``month`` in each enterprise's latest annual submission, MWh."""
    latest = store.latest([year])
    if latest.empty:
        return {}
    lines = store.children("lines", latest["id"])
    mine = lines[
        (lines.kind == "energy")
        & (lines.month == month)
        & lines.name.isin(["purchased_electricity", "purchased_green_electricity"])
    ]
    if mine.empty:
        return {}
    mine = mine.merge(latest[["id", "uscc"]].rename(columns={"id": "submission_id"}), on="submission_id")
    # stored lines keep the quantity as entered: convert by its unit text
    from accounting.arrays import conversions

    factor, _ = conversions(mine.unit.to_numpy(object), "MWh")
    mine = mine.assign(mwh=mine.quantity.to_numpy(float) * factor)
    return {str(k): float(v) for k, v in mine.groupby("uscc")["mwh"].sum().items()}


def _divergent(now: pd.DataFrame, before: pd.DataFrame, store: Store, year: int, month: int) -> pd.DataFrame:
    """Fuel emissions down by more than the rule while output and electricity are both up by more."""
    columns = ["uscc", "name", "fuel_change", "output_change", "electricity_change"]
    if now.empty or before.empty:
        return pd.DataFrame(columns=columns)
    limit = rule("divergence")

    def totals(lines: pd.DataFrame) -> pd.DataFrame:
        fuel = lines[lines.kind == "fuel"].groupby("uscc")["tco2e"].sum().rename("fuel")
        output = lines[lines.kind == "production"].groupby("uscc")["activity"].sum().rename("output")
        power = lines[(lines.kind == "energy") & (lines.name == "purchased_electricity")]
        electricity = power.groupby("uscc")["activity"].sum().rename("electricity")
        return pd.concat([fuel, output, electricity], axis=1)

    a, b = totals(now), totals(before)
    grid_now, grid_before = grid_readings(store, year, month), grid_readings(store, *_month_before(year, month))
    for frame, g in ((a, grid_now), (b, grid_before)):
        if len(g):  # the grid's reading, where there is one, rather than the enterprise's own
            frame["electricity"] = g.set_index("uscc")["mwh"].reindex(frame.index).fillna(frame["electricity"])
    change = (a - b) / b.where(b != 0)
    hit = change[(change.fuel < -limit) & (change.output > limit) & (change.electricity > limit)]
    names = now.drop_duplicates("uscc").set_index("uscc")["name_e"]
    rows: list[tuple[Any, ...]] = [(u, names.get(u, ""), r.fuel, r.output, r.electricity) for u, r in hit.iterrows()]
    return pd.DataFrame(rows, columns=columns)
