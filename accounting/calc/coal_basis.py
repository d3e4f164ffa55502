"""Carbon content reported on the air-dried or dry basis, converted to the as-received basis.

The guidelines compute with the as-received carbon content (收到基元素碳含量, C_ar), while a coal
laboratory reports it on the basis it measured: air-dried (空干基, C_ad) or dry (干燥基, C_d), with
the moisture figures of the same sample. The conversion is that of GB/T 483 《煤炭分析试验方法一般
规定》 (不同基的换算), which the 发电设施 guideline names for 基准换算:

    C_ar = C_ad × (100 − M_ar) / (100 − M_ad)        C_ar = C_d × (100 − M_ar) / 100

with M_ar the total moisture (全水分, as received) and M_ad the air-dried moisture, both in %.
Air drying only removes water, so M_ad ≤ M_ar; a moisture of 100 % or more is not coal.
"""

from __future__ import annotations

import numpy as np

from accounting import schema
from accounting.arrays import per_unique
from accounting.calc.context import Context
from accounting.submission import SheetTable

SOURCE = "GB/T 483 不同基的换算"
FORMULA = {"ad": "C_ar = C_ad×(100−M_ar)/(100−M_ad)", "d": "C_ar = C_d×(100−M_ar)/100"}


def as_received(ctx: Context, table: SheetTable, fraction: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The carbon fractions of the lines on the as-received basis; with the basis each was reported
    on ('ar', 'ad', 'd') and the conversion written out ('' where none was needed). Lines whose basis
    or moisture is wrong keep their value and are flagged at the cell to fix."""
    d = table.data  # the reader gives every column of the sheet, blank where it is absent
    raw = d["carbon_basis"].to_numpy(object)
    basis = table.coded("carbon_basis").map(lambda text: schema.CARBON_BASES.get(schema.fold(text), "?"), object)
    for i in np.flatnonzero(basis == "?"):
        ctx.flag("carbon-basis-unknown", table, "carbon_basis", i, raw[i], "收到基、空干基或干燥基")
    basis = np.where(basis == "?", "ar", basis)
    m_ar = d["moisture_ar"].to_numpy(float)
    m_ad = d["moisture_ad"].to_numpy(float)
    measured = ~np.isnan(fraction)
    ok = measured & (basis != "ar")
    for key, values, needed in (("moisture_ar", m_ar, ok), ("moisture_ad", m_ad, ok & (basis == "ad"))):
        name = "全水分" if key == "moisture_ar" else "空干基水分"
        for i in np.flatnonzero(needed & np.isnan(values)):
            ctx.flag("carbon-basis-moisture-missing", table, key, i, schema.CARBON_BASIS_ZH[basis[i]], name)
        for i in np.flatnonzero(needed & (values < 0)):
            ctx.flag("negative-quantity", table, key, i, f"{values[i]:g}")
        for i in np.flatnonzero(needed & (values >= 100)):
            ctx.flag("parameter-impossible", table, key, i, f"{values[i]:g} %", f"{name}不可能达到 100 %")
        ok &= ~needed | ((values >= 0) & (values < 100))
    drier = ok & (basis == "ad") & (m_ad > m_ar)
    for i in np.flatnonzero(drier):
        ctx.flag(
            "parameter-impossible",
            table,
            "moisture_ad",
            i,
            f"{m_ad[i]:g} %",
            f"空干基水分不可能大于全水分 {m_ar[i]:g} %（空气干燥只会失去水分）",
        )
    ok &= ~drier
    factor = np.where(basis == "ad", (100 - m_ar) / (100 - np.where(basis == "ad", m_ad, 0)), (100 - m_ar) / 100)
    converted = np.where(ok, fraction * factor, fraction)
    formula = per_unique(basis, lambda b, k: f"{FORMULA[b]}（{SOURCE}）" if k else "", object, ok)
    return converted, np.where(ok, basis, "ar"), formula
