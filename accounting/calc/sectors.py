"""Process emissions, the sector methods: each a set of terms over the engine's inputs
(:mod:`accounting.calc.terms`); :mod:`accounting.calc.process` runs the submission's sector.

The formulas, by sector (sources in ``factors/sources.csv``):

- 水泥熟料: composition route (2013 guideline, GB/T 32151.8) when 熟料中CaO含量 is given:
  EF = (CaO − CaO_nc) × 44/56 + (MgO − MgO_nc) × 44/40, applied to clinker, kiln dust and bypass
  dust; raw-meal route (生料法): raw meal × (CaCO3 × EF_CaCO3 + MgCO3 × EF_MgCO3); otherwise the
  national-market factor (CETS—AG—02.01—V01—2024) per tonne of clinker by type, minus each substitute ×
  its deduction. Non-fuel carbon of raw meal, raw meal × C × 44/12, in every route.
- 电解铝: anode CO2 = Al × NC × (1 − S − A) × 44/12; CF4 and C2F6 = Al × EF / 1000 with EF
  measured, by slope (EF_CF4 = slope × anode-effect minutes per cell-day, EF_C2F6 = EF_CF4 ×
  weight ratio) or the default; carbonates.
- 钢铁: fluxes, electrodes and carbon-bearing materials × factor (or C × 44/12 where the carbon
  content is measured), minus carbon retained in products (固碳产品, or the crude steel of 产品产量
  when none is given) and the carbon of by-product gas supplied outside (V × NCV × CC × 44/12).
- 平板玻璃 and carbonates anywhere: Σ mass × purity × calcination fraction × stoichiometric factor
  (purity and fraction 100 % when not given); carbon powder × C × 44/12.
- 化工: carbon balance (feedstock fuels and 含碳原料 in, 含碳产品 out) × 44/12; N2O of nitric and
  adipic acid = output × generation factor × (1 − removal × utilisation) / 1000; recovered CO2 ×
  purity deducted.
- 发电: desulphurisation limestone × CaCO3 content × EF_CaCO3 (outside the 发电设施 guideline:
  methods may exclude it); 供热比 for the power and heat intensities (:mod:`.power`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from accounting import units
from accounting.calc.fuel import fuel_defaults
from accounting.calc.power import power
from accounting.calc.terms import ASSUMED, DEFAULT, MEASURED, SLOTS, Rate, Terms
from accounting.vocabulary import CALCINATION_SUFFIX, CARBON_SUFFIX, PURITY_SUFFIX

C_TO_CO2 = 44.0 / 12.0
CAO_TO_CO2 = 44.0 / 56.0  # as the cement guideline prints them
MGO_TO_CO2 = 44.0 / 40.0
CLINKERS = {
    "熟料": "硅酸盐水泥熟料",
    "白色硅酸盐水泥熟料": "白色硅酸盐水泥熟料",
    "硫（铁）铝酸盐水泥熟料": "硫（铁）铝酸盐水泥熟料",
    "铝酸盐水泥熟料": "铝酸盐水泥熟料",
}


def _carbonates(terms: Terms, process: str) -> None:
    """Σ mass × purity × calcination fraction × stoichiometric factor, per carbonate given."""
    inp = terms.inputs
    for name in inp.names(process):
        if name.endswith((PURITY_SUFFIX, CALCINATION_SUFFIX)):
            continue
        ef = terms.default(f"carbonate/{name}")
        purity = inp.rate(process, name + PURITY_SUFFIX, 1.0, ASSUMED)
        fraction = inp.rate(process, name + CALCINATION_SUFFIX, 1.0, ASSUMED)
        basis = "纯度" + purity.basis + "，煅烧比例" + fraction.basis
        terms.add(
            process,
            name,
            "CO2",
            inp.amount(process, name),
            "t",
            ef * purity.value * fraction.value,
            "tCO2/t",
            basis,
            "M×纯度×煅烧比例×EF",
        )


def _carbon_items(terms: Terms, process: str, group: str, sign: int = 1) -> None:
    """Mass × (C × 44/12 where its carbon content is measured, else the default factor)."""
    inp = terms.inputs
    for name in inp.names(process):
        if name.endswith(CARBON_SUFFIX):
            continue
        carbon = inp.rate(process, name + CARBON_SUFFIX)
        measured = ~np.isnan(carbon.value)
        lacking = (inp.amount(process, name)[~measured] != 0).any()
        default = terms.default(f"{group}/{name}") if group and lacking else np.nan
        if lacking and np.isnan(default):
            terms.missing(process, name + CARBON_SUFFIX)
        factor = np.where(measured, carbon.value * C_TO_CO2, default)
        formula = np.where(measured, "M×C×44/12", "M×EF").astype(object)  # each month as it was calculated
        terms.add(
            process,
            name,
            "CO2",
            inp.amount(process, name),
            "t",
            factor,
            "tCO2/t",
            np.where(measured, MEASURED, DEFAULT),
            formula,
            sign,
        )


def cement(terms: Terms) -> None:
    inp = terms.inputs
    clinker = sum((inp.output(p) for p in CLINKERS), np.zeros(SLOTS))
    dust = ("窑头粉尘量", "旁路放风粉尘量")
    if inp.given("熟料煅烧", "熟料中CaO含量"):
        cao = inp.rate("熟料煅烧", "熟料中CaO含量")
        mgo = inp.rate("熟料煅烧", "熟料中MgO含量")
        if np.isnan(mgo.value).any():
            terms.missing("熟料煅烧", "熟料中MgO含量")
        cao_nc = inp.rate("熟料煅烧", "非碳酸盐CaO含量", 0.0, "未填按0")
        mgo_nc = inp.rate("熟料煅烧", "非碳酸盐MgO含量", 0.0, "未填按0")
        ef = (cao.value - cao_nc.value) * CAO_TO_CO2 + (np.nan_to_num(mgo.value) - mgo_nc.value) * MGO_TO_CO2
        if ((cao_nc.value > cao.value) | (mgo_nc.value > mgo.value)).any():
            terms.at_process("process-value-inconsistent", "熟料煅烧", "非碳酸盐CaO/MgO含量不能大于熟料中CaO/MgO含量")
        if not clinker.any():
            terms.no_production("熟料煅烧", "熟料")
        formula = "(CaO−CaOnc)×44/56+(MgO−MgOnc)×44/40"
        terms.add("熟料煅烧", "熟料", "CO2", clinker, "t", ef, "tCO2/t", cao.basis, formula)
        for name in dust:
            terms.add("熟料煅烧", name, "CO2", inp.amount("熟料煅烧", name), "t", ef, "tCO2/t", cao.basis, formula)
        if inp.given("生料法", "入窑生料量"):
            terms.unused("生料法", "已按熟料成分法计算，生料法数据未采用")
        if "非碳酸盐替代原料" in inp.processes():
            terms.unused("非碳酸盐替代原料", "熟料成分法以非碳酸盐CaO/MgO含量扣除替代原料")
    elif inp.given("生料法", "入窑生料量"):
        caco3 = inp.rate("生料法", "生料中CaCO3含量")
        mgco3 = inp.rate("生料法", "生料中MgCO3含量")
        for name, rate in (("生料中CaCO3含量", caco3), ("生料中MgCO3含量", mgco3)):
            if np.isnan(rate.value).any():
                terms.missing("生料法", name)
        ef = np.nan_to_num(caco3.value) * terms.default("carbonate/石灰石") + np.nan_to_num(
            mgco3.value
        ) * terms.default("carbonate/菱镁矿")
        terms.add(
            "生料法",
            "入窑生料量",
            "CO2",
            inp.amount("生料法", "入窑生料量"),
            "t",
            ef,
            "tCO2/t",
            caco3.basis,
            "生料×(CaCO3×EF_CaCO3+MgCO3×EF_MgCO3)",
        )
        for process in ("非碳酸盐替代原料",):
            if process in inp.processes():
                terms.unused(process, "生料法以生料碳酸盐含量计算")
    else:
        for product, kind in CLINKERS.items():
            output = inp.output(product)
            if output.any():
                terms.add(
                    "熟料煅烧",
                    product,
                    "CO2",
                    output,
                    "t",
                    terms.default(f"clinker/{kind}"),
                    "tCO2/t",
                    DEFAULT,
                    "熟料产量×EF熟料",
                )
        for name in inp.names("非碳酸盐替代原料"):
            terms.add(
                "非碳酸盐替代原料",
                name,
                "CO2",
                inp.amount("非碳酸盐替代原料", name),
                "t",
                terms.default(f"substitute/{name}"),
                "tCO2/t",
                DEFAULT,
                "替代原料量×扣减系数",
                sign=-1,
            )
        if any(inp.given("熟料煅烧", name) for name in dust):
            terms.unused("熟料煅烧", "熟料排放因子法不单列窑头粉尘、旁路放风粉尘")
    if inp.given("生料中非燃料碳", "生料消耗量"):
        carbon = inp.rate("生料中非燃料碳", "生料中非燃料碳含量")
        if np.isnan(carbon.value).any():
            terms.missing("生料中非燃料碳", "生料中非燃料碳含量")
        terms.add(
            "生料中非燃料碳",
            "生料消耗量",
            "CO2",
            inp.amount("生料中非燃料碳", "生料消耗量"),
            "t",
            np.nan_to_num(carbon.value) * C_TO_CO2,
            "tCO2/t",
            carbon.basis,
            "生料×C×44/12",
        )


def aluminium(terms: Terms) -> None:
    inp = terms.inputs
    metal = inp.output("原铝")
    wanted = {"阳极消耗", "阳极效应"} & inp.processes()
    if not metal.any():
        for process in sorted(wanted):
            terms.no_production(process, "原铝")
    if metal.any():
        nc = _anode(terms, "炭阳极净耗量")
        s = _anode(terms, "炭阳极含硫量", 0.01)  # the defaults are in %
        a = _anode(terms, "炭阳极灰分含量", 0.01)
        basis = "NC" + nc.basis + "，S" + s.basis + "，A" + a.basis
        terms.add(
            "阳极消耗",
            "原铝",
            "CO2",
            metal,
            "t",
            nc.value * (1 - s.value - a.value) * C_TO_CO2,
            "tCO2/t",
            basis,
            "P×NC×(1−S−A)×44/12",
        )
        cf4, cf4_basis = _pfc(terms, "CF4")
        terms.add("阳极效应", "原铝", "CF4", metal, "t", cf4, "kg/t", cf4_basis, "P×EF_CF4/1000", scale=1e-3)
        c2f6 = inp.rate("阳极效应", "C2F6排放因子")
        ratio = inp.rate("阳极效应", "C2F6与CF4质量比")
        slope = cf4_basis == "斜率法"
        value = np.where(~np.isnan(c2f6.value), c2f6.value, np.where(slope, cf4 * ratio.value, np.nan))
        if (slope & np.isnan(c2f6.value) & np.isnan(ratio.value)).any():
            terms.missing("阳极效应", "C2F6与CF4质量比")
        basis = np.where(~np.isnan(c2f6.value), MEASURED, np.where(slope, "斜率法", DEFAULT))
        if (basis == DEFAULT).any():
            value = np.where(basis == DEFAULT, terms.default("pfc/C2F6排放因子"), value)
        terms.add(
            "阳极效应", "原铝", "C2F6", metal, "t", np.nan_to_num(value), "kg/t", basis, "P×EF_C2F6/1000", scale=1e-3
        )
    _carbonates(terms, "碳酸盐使用")


def _anode(terms: Terms, name: str, scale: float = 1.0) -> Rate:
    """An anode parameter per slot; the default (cited) only where a slot has no measured value."""
    rate = terms.inputs.rate("阳极消耗", name)
    if np.isnan(rate.value).any():
        rate = terms.inputs.rate("阳极消耗", name, terms.default(f"anode/{name}") * scale)
    return rate


def _pfc(terms: Terms, gas: str) -> tuple[np.ndarray, np.ndarray]:
    """EF_CF4 per slot (kg/t) and its basis: measured, by slope, or the default."""
    inp = terms.inputs
    measured = inp.rate("阳极效应", f"{gas}排放因子")
    slope = inp.rate("阳极效应", "CF4斜率系数")
    minutes = inp.rate("阳极效应", "阳极效应持续时间")
    if not np.isnan(slope.value).all() and np.isnan(minutes.value).any():
        terms.missing("阳极效应", "阳极效应持续时间")
    by_slope = slope.value * minutes.value
    value = np.where(~np.isnan(measured.value), measured.value, by_slope)
    basis = np.where(~np.isnan(measured.value), MEASURED, np.where(~np.isnan(by_slope), "斜率法", DEFAULT))
    if np.isnan(value).any():
        value = np.where(np.isnan(value), terms.default(f"pfc/{gas}排放因子"), value)
    return value, basis.astype(object)


def steel(terms: Terms) -> None:
    inp = terms.inputs
    for name in inp.names("熔剂消耗"):
        terms.add(
            "熔剂消耗",
            name,
            "CO2",
            inp.amount("熔剂消耗", name),
            "t",
            terms.default(f"flux/{name}"),
            "tCO2/t",
            DEFAULT,
            "M×EF",
        )
    _carbon_items(terms, "电极消耗", "electrode")
    _carbon_items(terms, "含碳原料", "material")
    if "固碳产品" in inp.processes():
        _carbon_items(terms, "固碳产品", "retained", sign=-1)
    elif inp.output("粗钢").any():
        terms.add(
            "固碳产品",
            "粗钢",
            "CO2",
            inp.output("粗钢"),
            "t",
            terms.default("retained/粗钢"),
            "tCO2/t",
            "缺省（产品产量表）",
            "M×EF",
            sign=-1,
        )
    _exported_gas(terms)


def _exported_gas(terms: Terms) -> None:
    """By-product gas supplied outside the boundary: its carbon, V × NCV × CC × 44/12, deducted."""
    fuels = fuel_defaults(terms.ctx.set(terms.ctx.method.fuel))
    for name in terms.inputs.names("副产煤气外供"):
        i = fuels.find(name)
        if i < 0:
            terms.missing("副产煤气外供", f"{name}（燃料因子集中无此燃料）")
            continue
        scale = units.factor("万Nm3", str(fuels.activity_unit[i]))
        ncv, cc = float(fuels.ncv[i]), float(fuels.cc[i])
        for key, label, value, unit in (
            ("ncv", "低位发热量", ncv, str(fuels.ncv_unit[i])),
            ("cc", "单位热值含碳量", cc, "tC/GJ"),
        ):
            terms.ctx.cite(
                fuels.set_id, f"{name}/{key}", value, unit, fuels.source_id[i], fuels.confidence[i], f"{name} {label}"
            )
        terms.add(
            "副产煤气外供",
            name,
            "CO2",
            terms.inputs.amount("副产煤气外供", name),
            "万Nm3",
            scale * ncv * cc * C_TO_CO2,
            "tCO2/万Nm3",
            DEFAULT,
            "V×NCV×CC×44/12",
            sign=-1,
        )


def glass(terms: Terms) -> None:
    _carbonates(terms, "碳酸盐分解")
    _carbon_items(terms, "碳粉氧化", "")


def chemicals(terms: Terms, fuel: pd.DataFrame) -> None:
    inp = terms.inputs
    _carbonates(terms, "碳酸盐使用")
    feed = fuel[(fuel.use == "feedstock") & fuel.valid]
    if len(feed):
        carbon = np.where(np.isnan(feed.carbon_fraction), feed.ncv * feed.cc, feed.carbon_fraction)
        for name, rows in feed.assign(carbon=carbon).groupby("fuel", sort=False):
            months = rows.month.to_numpy()
            activity = np.bincount(months, weights=rows.activity.to_numpy(), minlength=SLOTS)[:SLOTS]
            mass_c = np.bincount(months, weights=(rows.activity * rows.carbon).to_numpy(), minlength=SLOTS)[:SLOTS]
            with np.errstate(invalid="ignore", divide="ignore"):
                per_unit = np.where(activity != 0, mass_c / activity, 0.0)
            terms.add(
                "含碳原料",
                f"{name}（原料用途）",
                "CO2",
                activity,
                str(rows.activity_unit.iloc[0]),
                per_unit * C_TO_CO2,
                f"tCO2/{rows.activity_unit.iloc[0]}",
                "化石燃料表",
                "AD×C×44/12",
            )
    _carbon_items(terms, "含碳原料", "")
    _carbon_items(terms, "含碳产品", "", sign=-1)
    for process, output in (("硝酸生产", "硝酸产量"), ("己二酸生产", "己二酸产量")):
        if process not in inp.processes():
            continue
        made = inp.amount(process, output)
        ef = inp.rate(process, "N2O生成因子")
        if np.isnan(ef.value[made != 0]).any() or not made.any():
            terms.missing(process, "N2O生成因子" if made.any() else output)
        removal = inp.rate(process, "N2O去除率", 0.0, "未填按0")
        use = inp.rate(process, "尾气处理装置使用率")
        if inp.given(process, "N2O去除率") and np.isnan(use.value).any():
            terms.missing(process, "尾气处理装置使用率")
        factor = np.nan_to_num(ef.value) * (1 - removal.value * np.nan_to_num(use.value))
        terms.add(process, output, "N2O", made, "t", factor, "kg/t", ef.basis, "P×EF×(1−η×μ)/1000", scale=1e-3)
    if inp.given("CO2回收利用", "回收CO2量"):
        purity = inp.rate("CO2回收利用", "回收CO2纯度")
        if np.isnan(purity.value).any():
            terms.missing("CO2回收利用", "回收CO2纯度")
        recovered = inp.amount("CO2回收利用", "回收CO2量")
        terms.add(
            "CO2回收利用",
            "回收CO2量",
            "CO2",
            recovered,
            "t",
            np.nan_to_num(purity.value),
            "t/t",
            purity.basis,
            "Q×纯度",
            sign=-1,
        )
        deducted = float((recovered * np.nan_to_num(purity.value)).sum())
        terms.at_process("co2-recovery-deducted", "CO2回收利用", f"{deducted:,.1f} t")


METHODS: dict[str, Callable[[Terms], None]] = {
    "cement": cement,
    "aluminium": aluminium,
    "steel": steel,
    "glass": glass,
    "power": power,
    "other": lambda terms: _carbonates(terms, "碳酸盐使用"),
}
