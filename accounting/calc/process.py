"""Process emissions of a submission: its sector's method (:mod:`.sectors`) over the inputs of the
过程排放 sheet and the production (:mod:`.terms`), as lines beside the fuel lines (:mod:`.fuel`)
and the electricity and heat lines (:mod:`.energy_flows`)."""

from __future__ import annotations

import pandas as pd

from accounting.arrays import frame
from accounting.calc.context import Context
from accounting.calc.sectors import METHODS, chemicals
from accounting.calc.terms import Inputs, Terms, gather
from accounting.submission import SheetTable

COLUMNS = (
    "process",
    "item",
    "gas",
    "month",
    "activity",
    "activity_unit",
    "factor",
    "factor_unit",
    "basis",
    "formula",
    "sign",
    "t_gas",
    "counted",
)


def process_lines(ctx: Context, table: SheetTable | None, fuel: pd.DataFrame) -> tuple[pd.DataFrame, Inputs]:
    """Per term and slot: the activity, factor and its origin, t of gas; and the inputs read."""
    inputs = gather(ctx, table)
    terms = Terms(ctx, inputs)
    sector = ctx.submission.sector
    if sector == "chemicals":
        chemicals(terms, fuel)
    else:
        METHODS.get(sector, METHODS["other"])(terms)
    excluded = set(ctx.method.exclude_processes)
    lines = pd.DataFrame(terms.rows, columns=list(COLUMNS[:-1]))
    lines["counted"] = ~lines.process.isin(excluded)
    for process in sorted(excluded & set(lines.process)):
        terms.at_process("process-excluded", process, ctx.method.title)
    return frame({c: lines[c].to_numpy() for c in COLUMNS}), inputs
