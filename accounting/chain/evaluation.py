"""The regulator's view of verification (seed 001 (十一): 每年对核查机构进行评估并公开结果): reported
against verified emissions per enterprise, and per verification body the figures of its evaluation:
verifications, findings, adjustments and their size, reports signed late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import select

from accounting.chain.rules import rule
from accounting.store import Store
from accounting.store import tables as t


@dataclass(frozen=True)
class Evaluation:
    year: int
    due: date
    enterprises: pd.DataFrame  # per verified enterprise: body, signed, reported, verified, difference, findings
    bodies: pd.DataFrame  # per body: verifications, findings, adjustments, |adjustment| t, mean |Δ| %, late


def due(year: int) -> date:
    """The last day a verification of ``year`` is on time (the rule's days after the year's end)."""
    return date(year, 12, 31) + timedelta(days=int(rule("verification_due")))


def evaluate(store: Store, year: int, province: str | None = None) -> Evaluation:
    v = t.verifications
    latest = store.newest("verification", [v.c.year == year])
    names = store.latest([year])[["uscc", "name", "province", "city"]]
    frame = latest.merge(names, on="uscc", how="left")
    if province:
        frame = frame[frame.province == province]
    findings = store.rows("verification_findings", "verification_id", frame["id"] if len(frame) else [])
    adjusted = (
        findings[findings.effect_tco2e != 0]
        .groupby("verification_id")
        .agg(adjustments=("effect_tco2e", "size"), adjusted_t=("effect_tco2e", lambda x: float(x.abs().sum())))
    )
    frame = frame.merge(adjusted, left_on="id", right_index=True, how="left").fillna(
        {"adjustments": 0, "adjusted_t": 0.0}
    )
    last = due(year)
    frame = frame.assign(
        difference=frame.verified_tco2e - frame.reported_tco2e,
        relative=(frame.verified_tco2e - frame.reported_tco2e) / frame.reported_tco2e,
        late=[date.fromisoformat(s) > last for s in frame.signed],
    )
    enterprises = frame[
        [
            "uscc",
            "name",
            "city",
            "body",
            "verifier",
            "signed",
            "submission_version",
            "reported_tco2e",
            "verified_tco2e",
            "difference",
            "relative",
            "findings",
            "adjustments",
            "late",
        ]
    ].sort_values(["body", "uscc"], ignore_index=True)
    bodies = frame.groupby("body", as_index=False).agg(
        verifications=("uscc", "size"),
        findings=("findings", "sum"),
        adjustments=("adjustments", "sum"),
        adjusted_t=("adjusted_t", "sum"),
        mean_relative=("relative", lambda x: float(x.abs().mean())),
        late=("late", "sum"),
    )
    return Evaluation(year, last, enterprises, bodies.sort_values("body", ignore_index=True))


def verifications_of(store: Store, uscc: str, year: int) -> pd.DataFrame:
    """Every verification version of an enterprise's year, newest last."""
    v = t.verifications
    return store.frame(select(v).where(v.c.uscc == uscc, v.c.year == year).order_by(v.c.version))
