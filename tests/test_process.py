"""Sector methods: each branch against a hand calculation.

Factors used below are the process-cn values (reference digest §5: clinker 0.535 tCO2/t, anode
0.411 t/t, S 2 %, A 0.4 %, CF4 0.02 and C2F6 0.0011 kg/t, steel fluxes 0.44 / 0.471, electrode
3.663, pig iron 0.172, crude steel retained 0.037; carbonates CaCO3 0.4397, MgCO3 0.522, Na2CO3
0.4152, CaMg(CO3)2 0.4773) and the fuel-2015 rows (烟煤 OF 93 %, CC 0.0261; 天然气 389.31 GJ/万Nm3,
CC 0.0153; 高炉煤气 33.0 GJ/万Nm3, CC 0.0708).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounting import Result
from accounting.errors import InvalidSubmission
from tests.conftest import fuel_row

Compute = Callable[..., Result]
C = 44 / 12


def year(sector: str, y: int) -> dict[str, Any]:
    return {"sector": sector, "year": y}


def process_of(result: Result) -> float:
    return result.by_category.process


def lines(result: Result) -> list[tuple[Any, ...]]:
    """The process lines as a reader of the report sees them: what, month, amounts, units, basis, formula."""
    p = result.process_lines
    return list(
        zip(
            p.process, p.item, p.gas, p.month, p.activity, p.activity_unit, p.factor, p.factor_unit,
            p.basis, p.formula, p.sign, p.t_gas, strict=True,
        )
    )  # fmt: skip


def line(*fields: Any) -> tuple[Any, ...]:
    """An expected line: the numbers (activity, factor, t of gas) compared to a relative 1e-9."""
    return tuple(pytest.approx(f, rel=1e-9) if isinstance(f, float) else f for f in fields)


# --- cement -------------------------------------------------------------------------------------


def test_cement_default_factor_by_clinker_type_minus_substitutes(compute: Compute) -> None:
    # CETS—AG—02.01—V01—2024 guideline (digest §5.1): Σ clinker × EF − Σ substitute × deduction.
    # The 0.535 tCO2/t of Portland clinker is the cited worked figure: 1000 t → 535 t.
    r = compute(
        info=year("水泥熟料", 2025),
        production=[("熟料", 1, 1000, "t"), ("白色硅酸盐水泥熟料", 1, 200, "t")],
        process=[("非碳酸盐替代原料", "电石渣", 1, 100, "t")],
    )
    assert process_of(r) == pytest.approx(1000 * 0.535 + 200 * 0.55 - 100 * 0.48)
    assert lines(r) == [
        line("熟料煅烧", "熟料", "CO2", 1, 1000.0, "t", 0.535, "tCO2/t", "缺省", "熟料产量×EF熟料", 1, 535.0),
        line(
            "熟料煅烧", "白色硅酸盐水泥熟料", "CO2", 1, 200.0, "t", 0.55, "tCO2/t", "缺省", "熟料产量×EF熟料", 1, 110.0
        ),
        line(
            "非碳酸盐替代原料", "电石渣", "CO2", 1, 100.0, "t", 0.48, "tCO2/t", "缺省", "替代原料量×扣减系数", -1, -48.0
        ),
    ]
    assert r.by_gas.CO2 == pytest.approx(r.tco2e)
    # each default cited with its set, name, unit, source and confidence; the uncertain ones flagged as such
    cited = {c.key: (c.factor_set, c.name, c.value, c.unit, c.source_id, c.confidence) for c in r.citations}
    mee = ("process-cn", "MEE-2024-CEMENT")  # the set, and the source of its cement factors
    assert {k: v for k, v in cited.items() if v[0] == mee[0]} == {
        "clinker/硅酸盐水泥熟料": (mee[0], "硅酸盐水泥熟料 过程排放因子", 0.535, "tCO2/t", mee[1], "secondary"),
        "clinker/白色硅酸盐水泥熟料": (mee[0], "白色硅酸盐水泥熟料 过程排放因子", 0.55, "tCO2/t", mee[1], "uncertain"),
        "substitute/电石渣": (mee[0], "非碳酸盐替代原料扣减系数: 电石渣", 0.48, "tCO2/t", mee[1], "uncertain"),
    }
    assert sorted(i.value for i in r.issues if i.code == "factor-uncertain") == [
        "process-cn 白色硅酸盐水泥熟料 过程排放因子",
        "process-cn 非碳酸盐替代原料扣减系数: 电石渣",
    ]


def test_cement_composition_route_with_dust(compute: Compute) -> None:
    # EF = (0.65 − 0.01) × 44/56 + (0.02 − 0) × 44/40 = 0.5028571 + 0.022 = 0.5248571 tCO2/t
    rows = [
        ("熟料煅烧", "熟料中CaO含量", "全年", 65, "%"),
        ("熟料煅烧", "熟料中MgO含量", "全年", 2, "%"),
        ("熟料煅烧", "非碳酸盐CaO含量", "全年", 1, "%"),
        ("熟料煅烧", "窑头粉尘量", 1, 20, "t"),
        ("熟料煅烧", "旁路放风粉尘量", 1, 10, "t"),
    ]
    r = compute(info=year("水泥熟料", 2023), production=[("熟料", 1, 1000, "t")], process=rows)
    ef = 0.5248571428571428
    assert process_of(r) == pytest.approx(1030 * ef)
    formula = "(CaO−CaOnc)×44/56+(MgO−MgOnc)×44/40"
    assert lines(r) == [
        line("熟料煅烧", "熟料", "CO2", 1, 1000.0, "t", ef, "tCO2/t", "实测", formula, 1, 1000 * ef),
        line("熟料煅烧", "窑头粉尘量", "CO2", 1, 20.0, "t", ef, "tCO2/t", "实测", formula, 1, 20 * ef),
        line("熟料煅烧", "旁路放风粉尘量", "CO2", 1, 10.0, "t", ef, "tCO2/t", "实测", formula, 1, 10 * ef),
    ]


def test_cement_monthly_rate_overrides_the_annual_one(compute: Compute) -> None:
    # January takes the 全年 CaO 65 %, February its own 60 %; MgO 2 % both months.
    rows = [
        ("熟料煅烧", "熟料中CaO含量", "全年", 65, "%"),
        ("熟料煅烧", "熟料中CaO含量", 2, 60, "%"),
        ("熟料煅烧", "熟料中MgO含量", "全年", 2, "%"),
    ]
    r = compute(info=year("水泥熟料", 2023), production=[("熟料", 1, 1000, "t"), ("熟料", 2, 1000, "t")], process=rows)
    jan = 1000 * (0.65 * 44 / 56 + 0.02 * 44 / 40)
    feb = 1000 * (0.60 * 44 / 56 + 0.02 * 44 / 40)
    assert process_of(r) == pytest.approx(jan + feb)
    assert {m.month: m.tco2e for m in r.by_month} == pytest.approx({1: jan, 2: feb})


def test_rates_two_rows_are_averaged_and_the_year_keeps_its_own_value(compute: Compute) -> None:
    # CaO: two 全年 results, 64 % and 66 %: 65 %; February's own 60 %. MgO 2 %. The kiln dust, given
    # for 全年, takes the year's 65 %, not the mean of the months.
    rows = [
        ("熟料煅烧", "熟料中CaO含量", "全年", 64, "%"),
        ("熟料煅烧", "熟料中CaO含量", "全年", 66, "%"),
        ("熟料煅烧", "熟料中CaO含量", 2, 60, "%"),
        ("熟料煅烧", "熟料中MgO含量", "全年", 2, "%"),
        ("熟料煅烧", "窑头粉尘量", "全年", 20, "t"),
    ]
    r = compute(info=year("水泥熟料", 2023), production=[("熟料", 1, 1000, "t"), ("熟料", 2, 1000, "t")], process=rows)
    year_ef, feb_ef = 0.65 * 44 / 56 + 0.02 * 44 / 40, 0.60 * 44 / 56 + 0.02 * 44 / 40
    assert [(item, month, factor) for _, item, _, month, _, _, factor, *_ in lines(r)] == [
        ("熟料", 1, pytest.approx(year_ef)),
        ("熟料", 2, pytest.approx(feb_ef)),
        ("窑头粉尘量", 0, pytest.approx(year_ef)),
    ]


def test_the_year_of_a_rate_given_only_by_month_is_their_mean(compute: Compute) -> None:
    # electrodes used over the year (全年 100 t), carbon measured in January (98 %) and February (96 %): 97 %
    rows = [
        ("电极消耗", "电极", "全年", 100, "t"),
        ("电极消耗", "电极含碳量", 1, 98, "%"),
        ("电极消耗", "电极含碳量", 2, 96, "%"),
    ]
    r = compute(info=year("钢铁", 2023), process=rows)
    assert lines(r) == [
        line("电极消耗", "电极", "CO2", 0, 100.0, "t", 0.97 * C, "tCO2/t", "实测", "M×C×44/12", 1, 97 * C)
    ]


def test_cement_raw_meal_route_and_non_fuel_carbon(compute: Compute) -> None:
    # 1600 t × (0.78 × 0.4397 + 0.015 × 0.522) = 561.2736; 5000 t × 0.2 % × 44/12 = 36.6667
    rows = [
        ("生料法", "入窑生料量", "全年", 1600, "t"),
        ("生料法", "生料中CaCO3含量", "全年", 78, "%"),
        ("生料法", "生料中MgCO3含量", "全年", 1.5, "%"),
        ("生料中非燃料碳", "生料消耗量", "全年", 5000, "t"),
        ("生料中非燃料碳", "生料中非燃料碳含量", "全年", 0.2, "%"),
    ]
    r = compute(info=year("水泥熟料", 2023), production=[("熟料", "全年", 1000, "t")], process=rows)
    assert process_of(r) == pytest.approx(561.2736 + 5000 * 0.002 * C)
    assert r.annual_only == pytest.approx(561.2736 + 5000 * 0.002 * C)
    meal = "生料×(CaCO3×EF_CaCO3+MgCO3×EF_MgCO3)"
    assert lines(r) == [
        line(
            "生料法",
            "入窑生料量",
            "CO2",
            0,
            1600.0,
            "t",
            0.78 * 0.4397 + 0.015 * 0.522,
            "tCO2/t",
            "实测",
            meal,
            1,
            561.2736,
        ),
        line(
            "生料中非燃料碳",
            "生料消耗量",
            "CO2",
            0,
            5000.0,
            "t",
            0.002 * C,
            "tCO2/t",
            "实测",
            "生料×C×44/12",
            1,
            10 * C,
        ),
    ]


def test_cement_missing_mgo_is_an_error_at_the_process(compute: Compute) -> None:
    with pytest.raises(InvalidSubmission) as caught:
        compute(
            info=year("水泥熟料", 2023),
            production=[("熟料", 1, 1000, "t")],
            process=[("熟料煅烧", "熟料中CaO含量", "全年", 65, "%")],
        )
    issue = next(i for i in caught.value.report.issues if i.code == "process-parameter-missing")
    assert (issue.sheet, issue.cell, issue.expected) == ("过程排放", "A2", "熟料中MgO含量")


# --- aluminium ----------------------------------------------------------------------------------


def test_aluminium_defaults_give_the_cited_per_tonne_figure(compute: Compute) -> None:
    # Digest §5.2: 0.411 × (1 − 0.02 − 0.004) × 44/12 ≈ 1.471 tCO2/tAl. PFCs at the default,
    # AR5 (cn-ets-aluminium from 2024): 0.02 × 6630 + 0.0011 × 11100 = 144.81 kg CO2e... per t: ×1000 t / 1000
    r = compute(info=year("电解铝", 2025), production=[("原铝", 1, 1000, "t")])
    anode = 1000 * 0.411 * 0.976 * C
    assert anode / 1000 == pytest.approx(1.471, abs=5e-4)
    assert r.method == "cn-ets-aluminium" and r.gwp_set == "AR5"
    assert r.by_gas.CF4 == pytest.approx(0.02) and r.by_gas.C2F6 == pytest.approx(0.0011)
    assert process_of(r) == pytest.approx(anode + 0.02 * 6630 + 0.0011 * 11100)
    assert lines(r) == [
        line(
            "阳极消耗",
            "原铝",
            "CO2",
            1,
            1000.0,
            "t",
            0.411 * 0.976 * C,
            "tCO2/t",
            "NC缺省，S缺省，A缺省",
            "P×NC×(1−S−A)×44/12",
            1,
            anode,
        ),
        line("阳极效应", "原铝", "CF4", 1, 1000.0, "t", 0.02, "kg/t", "缺省", "P×EF_CF4/1000", 1, 0.02),
        line("阳极效应", "原铝", "C2F6", 1, 1000.0, "t", 0.0011, "kg/t", "缺省", "P×EF_C2F6/1000", 1, 0.0011),
    ]


def test_aluminium_measured_anode_and_sar_before_2024(compute: Compute) -> None:
    rows = [
        ("阳极消耗", "炭阳极净耗量", "全年", 0.40, "t/t"),
        ("阳极消耗", "炭阳极含硫量", "全年", 2.5, "%"),
        ("阳极消耗", "炭阳极灰分含量", "全年", 0.3, "%"),
    ]
    r = compute(info=year("电解铝", 2023), production=[("原铝", 1, 1000, "t")], process=rows)
    assert r.gwp_set == "SAR"
    assert process_of(r) == pytest.approx(1000 * 0.40 * 0.972 * C + 0.02 * 6500 + 0.0011 * 9200)
    assert not any(c.key.startswith("anode/") for c in r.citations)


def test_aluminium_pfc_by_slope(compute: Compute) -> None:
    # EF_CF4 = 0.143 × 0.2 = 0.0286 kg/t; EF_C2F6 = 0.0286 × 0.121 = 0.0034606 kg/t
    rows = [
        ("阳极效应", "CF4斜率系数", "全年", 0.143, "kg/t"),
        ("阳极效应", "阳极效应持续时间", "全年", 0.2, "min/d"),
        ("阳极效应", "C2F6与CF4质量比", "全年", 0.121, "kg/kg"),
    ]
    r = compute(info=year("电解铝", 2025), production=[("原铝", 1, 1000, "t")], process=rows)
    assert r.by_gas.CF4 == pytest.approx(0.0286)
    assert r.by_gas.C2F6 == pytest.approx(0.0034606)
    assert lines(r)[1:] == [
        line("阳极效应", "原铝", "CF4", 1, 1000.0, "t", 0.0286, "kg/t", "斜率法", "P×EF_CF4/1000", 1, 0.0286),
        line("阳极效应", "原铝", "C2F6", 1, 1000.0, "t", 0.0034606, "kg/t", "斜率法", "P×EF_C2F6/1000", 1, 0.0034606),
    ]


def test_aluminium_soda_ash_with_purity(compute: Compute) -> None:
    rows = [
        ("阳极消耗", "炭阳极净耗量", "全年", 0.40, "t/t"),
        ("阳极消耗", "炭阳极含硫量", "全年", 2, "%"),
        ("阳极消耗", "炭阳极灰分含量", "全年", 0.4, "%"),
        ("阳极效应", "CF4排放因子", "全年", 0, "kg/t"),
        ("阳极效应", "C2F6排放因子", "全年", 0, "kg/t"),
        ("碳酸盐使用", "纯碱", "全年", 100, "t"),
        ("碳酸盐使用", "纯碱纯度", "全年", 98, "%"),
    ]
    r = compute(info=year("电解铝", 2023), production=[("原铝", 1, 1000, "t")], process=rows)
    assert process_of(r) == pytest.approx(1000 * 0.40 * 0.976 * C + 100 * 0.98 * 0.4152)


def issues_at(caught: Any, code: str) -> list[tuple[str, str, str, str]]:
    """(sheet, cell, value, expected) of each issue of ``code`` in a refused submission."""
    return [(i.sheet, i.cell, i.value, i.expected) for i in caught.value.report.issues if i.code == code]


def test_aluminium_anode_without_output_is_an_error(compute: Compute) -> None:
    rows = [
        ("阳极消耗", "炭阳极净耗量", "全年", 0.41, "t/t"),
        ("阳极效应", "CF4排放因子", "全年", 0.03, "kg/t"),
        ("碳酸盐使用", "纯碱", "全年", 100, "t"),  # needs no output
    ]
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("电解铝", 2025), process=rows)
    assert issues_at(caught, "process-production-missing") == [
        ("过程排放", "A2", "阳极消耗", "原铝"),
        ("过程排放", "A3", "阳极效应", "原铝"),
    ]


def test_aluminium_a_month_measured_the_other_default_and_measured_pfc(compute: Compute) -> None:
    # NC measured for January only: February takes the default 0.411; S 2 % and A 0.4 % by default both months
    rows = [
        ("阳极消耗", "炭阳极净耗量", 1, 0.40, "t/t"),
        ("阳极效应", "CF4排放因子", "全年", 0.03, "kg/t"),
        ("阳极效应", "C2F6排放因子", "全年", 0.002, "kg/t"),
    ]
    r = compute(info=year("电解铝", 2025), production=[("原铝", 1, 1000, "t"), ("原铝", 2, 1000, "t")], process=rows)
    jan, feb = 0.40 * 0.976 * C, 0.411 * 0.976 * C
    anode = "P×NC×(1−S−A)×44/12"
    assert lines(r) == [
        line("阳极消耗", "原铝", "CO2", 1, 1000.0, "t", jan, "tCO2/t", "NC实测，S缺省，A缺省", anode, 1, 1000 * jan),
        line("阳极消耗", "原铝", "CO2", 2, 1000.0, "t", feb, "tCO2/t", "NC缺省，S缺省，A缺省", anode, 1, 1000 * feb),
        line("阳极效应", "原铝", "CF4", 1, 1000.0, "t", 0.03, "kg/t", "实测", "P×EF_CF4/1000", 1, 0.03),
        line("阳极效应", "原铝", "CF4", 2, 1000.0, "t", 0.03, "kg/t", "实测", "P×EF_CF4/1000", 1, 0.03),
        line("阳极效应", "原铝", "C2F6", 1, 1000.0, "t", 0.002, "kg/t", "实测", "P×EF_C2F6/1000", 1, 0.002),
        line("阳极效应", "原铝", "C2F6", 2, 1000.0, "t", 0.002, "kg/t", "实测", "P×EF_C2F6/1000", 1, 0.002),
    ]


def test_aluminium_pfc_measured_in_january_only(compute: Compute) -> None:
    # CF4 0.03 and C2F6 0.002 kg/t measured for January; February takes the defaults 0.02 and 0.0011
    rows = [("阳极效应", "CF4排放因子", 1, 0.03, "kg/t"), ("阳极效应", "C2F6排放因子", 1, 0.002, "kg/t")]
    r = compute(info=year("电解铝", 2025), production=[("原铝", 1, 1000, "t"), ("原铝", 2, 1000, "t")], process=rows)
    pfc = [(gas, month, factor, basis) for _, _, gas, month, _, _, factor, _, basis, *_ in lines(r) if gas != "CO2"]
    assert pfc == [
        ("CF4", 1, pytest.approx(0.03), "实测"),
        ("CF4", 2, pytest.approx(0.02), "缺省"),
        ("C2F6", 1, pytest.approx(0.002), "实测"),
        ("C2F6", 2, pytest.approx(0.0011), "缺省"),
    ]


def test_aluminium_slope_without_the_weight_ratio_is_an_error(compute: Compute) -> None:
    rows = [("阳极效应", "CF4斜率系数", "全年", 0.143, "kg/t"), ("阳极效应", "阳极效应持续时间", "全年", 0.2, "min/d")]
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("电解铝", 2025), production=[("原铝", 1, 1000, "t")], process=rows)
    assert issues_at(caught, "process-parameter-missing") == [("过程排放", "A2", "阳极效应", "C2F6与CF4质量比")]


def test_aluminium_slope_without_the_anode_effect_duration_is_an_error(compute: Compute) -> None:
    with pytest.raises(InvalidSubmission) as caught:
        compute(
            info=year("电解铝", 2025),
            production=[("原铝", 1, 1000, "t")],
            process=[("阳极效应", "CF4斜率系数", "全年", 0.143, "kg/t")],
        )
    assert issues_at(caught, "process-parameter-missing") == [("过程排放", "A2", "阳极效应", "阳极效应持续时间")]


def test_cement_what_is_missing_or_contradictory_sits_at_its_process(compute: Compute) -> None:
    def refused(process: list[tuple[Any, ...]], production: list[tuple[Any, ...]] | None = None) -> Any:
        with pytest.raises(InvalidSubmission) as caught:
            compute(info=year("水泥熟料", 2023), production=production or [], process=process)
        return caught

    composition = [("熟料煅烧", "熟料中CaO含量", "全年", 65, "%"), ("熟料煅烧", "熟料中MgO含量", "全年", 2, "%")]
    clinker = [("熟料", "全年", 1000, "t")]
    # the composition route without clinker output
    assert issues_at(refused(composition), "process-production-missing") == [("过程排放", "A2", "熟料煅烧", "熟料")]
    # raw meal without its carbonate contents; non-fuel carbon without its content
    rows = [("生料法", "入窑生料量", "全年", 1600, "t"), ("生料中非燃料碳", "生料消耗量", "全年", 5000, "t")]
    assert issues_at(refused(rows, clinker), "process-parameter-missing") == [
        ("过程排放", "A2", "生料法", "生料中CaCO3含量"),
        ("过程排放", "A2", "生料法", "生料中MgCO3含量"),
        ("过程排放", "A3", "生料中非燃料碳", "生料中非燃料碳含量"),
    ]
    # more non-carbonate CaO than CaO; non-carbonate MgO equal to MgO is possible (none from carbonate)
    rows = [*composition, ("熟料煅烧", "非碳酸盐CaO含量", "全年", 70, "%")]
    assert issues_at(refused(rows, clinker), "process-value-inconsistent") == [
        ("过程排放", "A2", "熟料煅烧", "非碳酸盐CaO/MgO含量不能大于熟料中CaO/MgO含量")
    ]
    rows = [
        *composition,
        ("熟料煅烧", "非碳酸盐CaO含量", "全年", 65, "%"),
        ("熟料煅烧", "非碳酸盐MgO含量", "全年", 2, "%"),
    ]
    r = compute(info=year("水泥熟料", 2023), production=clinker, process=rows)
    assert process_of(r) == 0.0


def test_steel_carbon_measured_in_some_months_only(compute: Compute) -> None:
    # electrodes: January measured 98 % C, February without a measurement takes the default 3.663 tCO2/t;
    # each line names the formula of its own month
    rows = [
        ("电极消耗", "电极", 1, 100, "t"),
        ("电极消耗", "电极", 2, 100, "t"),
        ("电极消耗", "电极含碳量", 1, 98, "%"),
    ]
    r = compute(info=year("钢铁", 2023), process=rows)
    assert lines(r) == [
        line("电极消耗", "电极", "CO2", 1, 100.0, "t", 0.98 * C, "tCO2/t", "实测", "M×C×44/12", 1, 98 * C),
        line("电极消耗", "电极", "CO2", 2, 100.0, "t", 3.663, "tCO2/t", "缺省", "M×EF", 1, 366.3),
    ]
    assert "electrode/电极" in {c.key for c in r.citations}
    # January only, and measured: no month lacks a measurement, so no default is taken or cited
    r = compute(info=year("钢铁", 2023), process=[rows[0], rows[2]])
    assert lines(r) == [
        line("电极消耗", "电极", "CO2", 1, 100.0, "t", 0.98 * C, "tCO2/t", "实测", "M×C×44/12", 1, 98 * C)
    ]
    assert not [c for c in r.citations if c.key.startswith("electrode/")]


def test_process_values_screened_against_their_bands_and_percentages_over_100(compute: Compute) -> None:
    # CaO 80 % is outside 40–75 %: a warning at its value; MgO 8 % and non-carbonate CaO 0 % sit on
    # their bands' edges (0–8, 0–20): none.
    rows = [
        ("熟料煅烧", "熟料中CaO含量", "全年", 80, "%"),
        ("熟料煅烧", "熟料中MgO含量", "全年", 8, "%"),
        ("熟料煅烧", "非碳酸盐CaO含量", "全年", 0, "%"),
    ]
    r = compute(info=year("水泥熟料", 2023), production=[("熟料", "全年", 1000, "t")], process=rows)
    warned = [(i.cell, i.value, i.expected) for i in r.issues if i.code == "process-parameter-implausible"]
    assert warned == [("D2", "80", "40–75 %")]
    # a rate in t/t: 0.35 inside 0.3–0.6, 0.65 outside
    anode = [("阳极消耗", "炭阳极净耗量", 1, 0.35, "t/t"), ("阳极消耗", "炭阳极净耗量", 2, 0.65, "t/t")]
    metal = [("原铝", 1, 1000, "t"), ("原铝", 2, 1000, "t")]
    r = compute(info=year("电解铝", 2025), production=metal, process=anode)
    warned = [(i.cell, i.value, i.expected) for i in r.issues if i.code == "process-parameter-implausible"]
    assert warned == [("D3", "0.65", "0.3–0.6 t/t")]
    # over 100 % is an error; exactly 100 % is not (only its band warns)
    rows = [
        *rows[:2],
        ("熟料煅烧", "非碳酸盐MgO含量", "全年", 101, "%"),
        ("熟料煅烧", "非碳酸盐CaO含量", "全年", 100, "%"),
    ]
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("水泥熟料", 2023), production=[("熟料", "全年", 1000, "t")], process=rows)
    assert issues_at(caught, "percent-over-100") == [("过程排放", "D4", "101", "")]


def test_cement_data_its_route_does_not_use_is_named_at_its_process(compute: Compute) -> None:
    composition = [("熟料煅烧", "熟料中CaO含量", "全年", 65, "%"), ("熟料煅烧", "熟料中MgO含量", "全年", 2, "%")]
    meal = [
        ("生料法", "入窑生料量", "全年", 1600, "t"),
        ("生料法", "生料中CaCO3含量", "全年", 78, "%"),
        ("生料法", "生料中MgCO3含量", "全年", 1.5, "%"),
    ]
    substitute = [("非碳酸盐替代原料", "电石渣", "全年", 100, "t")]
    dust = [("熟料煅烧", "窑头粉尘量", "全年", 20, "t")]
    production = [("熟料", "全年", 1000, "t")]

    def unused(rows: list[tuple[Any, ...]]) -> list[tuple[str, str]]:
        r = compute(info=year("水泥熟料", 2023), production=production, process=rows)
        return [(i.cell, i.expected) for i in r.issues if i.code == "process-parameter-unused"]

    assert unused(composition + meal + substitute) == [
        ("A4", "已按熟料成分法计算，生料法数据未采用"),
        ("A7", "熟料成分法以非碳酸盐CaO/MgO含量扣除替代原料"),
    ]
    assert unused(meal + substitute) == [("A5", "生料法以生料碳酸盐含量计算")]
    assert unused(substitute + dust) == [("A3", "熟料排放因子法不单列窑头粉尘、旁路放风粉尘")]


# --- steel --------------------------------------------------------------------------------------


def test_steel_carbon_balance(compute: Compute) -> None:
    rows = [
        ("熔剂消耗", "石灰石", "全年", 1000, "t"),
        ("熔剂消耗", "白云石", "全年", 1000, "t"),
        ("电极消耗", "电极", "全年", 100, "t"),
        ("含碳原料", "外购生铁", "全年", 1000, "t"),
        ("副产煤气外供", "高炉煤气", "全年", 100, "万Nm3"),
    ]
    r = compute(info=year("钢铁", 2023), production=[("粗钢", "全年", 10000, "t")], process=rows)
    gas = 33.0 * 0.0708 * C  # tCO2 per 万Nm3 of blast furnace gas
    expected = 440 + 471 + 366.3 + 172 - 10000 * 0.037 - 100 * gas
    assert process_of(r) == pytest.approx(expected)
    # every line as the report and the auditor workbook show it (全年 is slot 0)
    assert lines(r) == [
        line("熔剂消耗", "石灰石", "CO2", 0, 1000.0, "t", 0.44, "tCO2/t", "缺省", "M×EF", 1, 440.0),
        line("熔剂消耗", "白云石", "CO2", 0, 1000.0, "t", 0.471, "tCO2/t", "缺省", "M×EF", 1, 471.0),
        line("电极消耗", "电极", "CO2", 0, 100.0, "t", 3.663, "tCO2/t", "缺省", "M×EF", 1, 366.3),
        line("含碳原料", "外购生铁", "CO2", 0, 1000.0, "t", 0.172, "tCO2/t", "缺省", "M×EF", 1, 172.0),
        line("固碳产品", "粗钢", "CO2", 0, 10000.0, "t", 0.037, "tCO2/t", "缺省（产品产量表）", "M×EF", -1, -370.0),
        line(
            "副产煤气外供",
            "高炉煤气",
            "CO2",
            0,
            100.0,
            "万Nm3",
            gas,
            "tCO2/万Nm3",
            "缺省",
            "V×NCV×CC×44/12",
            -1,
            -100 * gas,
        ),
    ]
    # the gas's heat value and carbon are cited from the fuel set (fuel-2015, NDRC 2015 batch, secondary)
    cited = {c.key: (c.factor_set, c.name, c.value, c.unit, c.source_id, c.confidence) for c in r.citations}
    assert cited["高炉煤气/ncv"] == (
        "fuel-2015",
        "高炉煤气 低位发热量",
        33.0,
        "GJ/万Nm3",
        "NDRC-2015-1722",
        "secondary",
    )
    assert cited["高炉煤气/cc"] == (
        "fuel-2015",
        "高炉煤气 单位热值含碳量",
        0.0708,
        "tC/GJ",
        "NDRC-2015-1722",
        "secondary",
    )


def test_steel_exported_gas_in_a_fuel_set_of_other_units_or_without_it(workbook, tmp_path) -> None:
    import shutil

    import pandas as pd

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root, read_table

    # 高炉煤气 in a fuel set counted per Nm3 (3.30 MJ/Nm3 = 33.0 GJ/万Nm3) and listed first: the same tonnes;
    # 转炉煤气 taken out
    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    table = read_table(root / "fuel-2015" / "values.csv")
    gas = table.fuel == "高炉煤气"
    table.loc[gas, ["activity_unit", "ncv", "ncv_unit"]] = ["Nm3", "3.30", "MJ/Nm3"]
    table = pd.concat([table[gas], table[~gas & (table.fuel != "转炉煤气")]])  # first in the table, as a fuel may be
    table.to_csv(root / "fuel-2015" / "values.csv", index=False)
    library = load_library(root=root)
    rows = [("副产煤气外供", "高炉煤气", "全年", 100, "万Nm3")]
    r = calculate(read_submission(workbook(info=year("钢铁", 2023), process=rows)), library=library)
    per = 1e4 * 0.00330 * 0.0708 * C  # per 万Nm3: 10 000 Nm3 × 0.00330 GJ/Nm3 × 0.0708 tC/GJ × 44/12
    assert process_of(r) == pytest.approx(-100 * per)
    assert r.process_lines.factor.tolist() == [pytest.approx(per)]
    rows = [("副产煤气外供", "转炉煤气", "全年", 100, "万Nm3")]
    with pytest.raises(InvalidSubmission) as caught:
        calculate(read_submission(workbook(info=year("钢铁", 2023), process=rows)), library=library)
    assert issues_at(caught, "process-parameter-missing") == [
        ("过程排放", "A2", "副产煤气外供", "转炉煤气（燃料因子集中无此燃料）")
    ]


def test_steel_measured_carbon_replaces_the_default(compute: Compute) -> None:
    # electrode 98 % C; crude steel retained given explicitly at 0.2 % C (the production row is then not used)
    rows = [
        ("电极消耗", "电极", "全年", 100, "t"),
        ("电极消耗", "电极含碳量", "全年", 98, "%"),
        ("固碳产品", "粗钢", "全年", 10000, "t"),
        ("固碳产品", "粗钢含碳量", "全年", 0.2, "%"),
    ]
    r = compute(info=year("钢铁", 2023), production=[("粗钢", "全年", 99999, "t")], process=rows)
    assert process_of(r) == pytest.approx(100 * 0.98 * C - 10000 * 0.002 * C)
    assert not any(c.key.startswith(("electrode/", "retained/")) for c in r.citations)


# --- glass and carbonates -----------------------------------------------------------------------


def test_glass_carbonates_carbon_powder_and_weight_box(compute: Compute) -> None:
    rows = [
        ("碳酸盐分解", "纯碱", "全年", 1000, "t"),
        ("碳酸盐分解", "纯碱纯度", "全年", 99, "%"),
        ("碳酸盐分解", "白云石", "全年", 500, "t"),
        ("碳酸盐分解", "白云石煅烧比例", "全年", 90, "%"),
        ("碳粉氧化", "碳粉", "全年", 10, "t"),
        ("碳粉氧化", "碳粉含碳量", "全年", 80, "%"),
    ]
    r = compute(info=year("平板玻璃", 2025), production=[("平板玻璃", "全年", 5000, "t")], process=rows)
    expected = 1000 * 0.99 * 0.4152 + 500 * 0.4773 * 0.9 + 10 * 0.8 * C
    assert process_of(r) == pytest.approx(expected)
    carbonate = "M×纯度×煅烧比例×EF"
    assert lines(r) == [
        line(
            "碳酸盐分解",
            "纯碱",
            "CO2",
            0,
            1000.0,
            "t",
            0.99 * 0.4152,
            "tCO2/t",
            "纯度实测，煅烧比例未填按100%",
            carbonate,
            1,
            411.048,
        ),
        line(
            "碳酸盐分解",
            "白云石",
            "CO2",
            0,
            500.0,
            "t",
            0.9 * 0.4773,
            "tCO2/t",
            "纯度未填按100%，煅烧比例实测",
            carbonate,
            1,
            214.785,
        ),
        line("碳粉氧化", "碳粉", "CO2", 0, 10.0, "t", 0.8 * C, "tCO2/t", "实测", "M×C×44/12", 1, 8 * C),
    ]
    # per tonne and per 重量箱 (weight box, 50 kg)
    assert [(i.name, i.product, i.value) for i in r.intensity] == [
        ("tCO2e/t 平板玻璃", "平板玻璃", pytest.approx(r.tco2e / 5000)),
        ("tCO2e/重量箱 平板玻璃", "平板玻璃", pytest.approx(r.tco2e / (5000 / 0.05))),
    ]


def test_carbonates_in_other_sectors(compute: Compute) -> None:
    r = compute(
        info=year("其他", 2025), process=[("碳酸盐使用", "石灰石", 1, 200, "t"), ("碳酸盐使用", "菱镁矿", 1, 100, "t")]
    )
    assert process_of(r) == pytest.approx(200 * 0.4397 + 100 * 0.522)
    basis, formula = "纯度未填按100%，煅烧比例未填按100%", "M×纯度×煅烧比例×EF"
    assert lines(r) == [
        line("碳酸盐使用", "石灰石", "CO2", 1, 200.0, "t", 0.4397, "tCO2/t", basis, formula, 1, 87.94),
        line("碳酸盐使用", "菱镁矿", "CO2", 1, 100.0, "t", 0.522, "tCO2/t", basis, formula, 1, 52.2),
    ]


# --- chemicals ----------------------------------------------------------------------------------

NATURAL_GAS_C = 389.31 * 0.0153 * C  # tCO2 per 万Nm3 of natural gas used as feedstock (fuel-2015)
# 10 万Nm3 of natural gas for feedstock in January, its line
NATURAL_GAS_FEEDSTOCK = line(
    "含碳原料", "天然气（原料用途）", "CO2", 1, 10.0, "万Nm3", NATURAL_GAS_C, "tCO2/万Nm3", "化石燃料表",
    "AD×C×44/12", 1, 10 * NATURAL_GAS_C,
)  # fmt: skip


def test_chemicals_carbon_balance_n2o_and_recovery(compute: Compute) -> None:
    fuel = [fuel_row("天然气", 10, "万Nm3", use="原料")]
    rows = [
        ("含碳原料", "石油焦原料", "全年", 100, "t"),
        ("含碳原料", "石油焦原料含碳量", "全年", 85, "%"),
        ("含碳产品", "甲醇", "全年", 50, "t"),
        ("含碳产品", "甲醇含碳量", "全年", 37.5, "%"),
        ("硝酸生产", "硝酸产量", "全年", 1000, "t"),
        ("硝酸生产", "N2O生成因子", "全年", 8, "kg/t"),
        ("硝酸生产", "N2O去除率", "全年", 80, "%"),
        ("硝酸生产", "尾气处理装置使用率", "全年", 90, "%"),
        ("己二酸生产", "己二酸产量", "全年", 100, "t"),
        ("己二酸生产", "N2O生成因子", "全年", 300, "kg/t"),
        ("CO2回收利用", "回收CO2量", "全年", 100, "t"),
        ("CO2回收利用", "回收CO2纯度", "全年", 99, "%"),
    ]
    r = compute(info=year("化工", 2023), fuel=fuel, process=rows)
    feedstock = 10 * NATURAL_GAS_C
    co2 = feedstock + 100 * 0.85 * C - 50 * 0.375 * C - 99
    n2o = 1000 * 8 * (1 - 0.8 * 0.9) / 1000 + 100 * 300 / 1000
    assert r.by_gas.N2O == pytest.approx(n2o)
    assert process_of(r) == pytest.approx(co2 + n2o * 310)
    assert r.by_category.fuel_combustion == 0.0
    n2o_formula = "P×EF×(1−η×μ)/1000"
    assert lines(r) == [
        NATURAL_GAS_FEEDSTOCK,
        line("含碳原料", "石油焦原料", "CO2", 0, 100.0, "t", 0.85 * C, "tCO2/t", "实测", "M×C×44/12", 1, 85 * C),
        line("含碳产品", "甲醇", "CO2", 0, 50.0, "t", 0.375 * C, "tCO2/t", "实测", "M×C×44/12", -1, -18.75 * C),
        line("硝酸生产", "硝酸产量", "N2O", 0, 1000.0, "t", 8 * 0.28, "kg/t", "实测", n2o_formula, 1, 2.24),
        line("己二酸生产", "己二酸产量", "N2O", 0, 100.0, "t", 300.0, "kg/t", "实测", n2o_formula, 1, 30.0),
        line("CO2回收利用", "回收CO2量", "CO2", 0, 100.0, "t", 0.99, "t/t", "实测", "Q×纯度", -1, -99.0),
    ]
    deducted = [i for i in r.issues if i.code == "co2-recovery-deducted"]
    assert [(i.sheet, i.cell, i.expected) for i in deducted] == [("过程排放", "A12", "99.0 t")]


def test_chemicals_nitric_acid_without_a_generation_factor_is_an_error(compute: Compute) -> None:
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("化工", 2023), process=[("硝酸生产", "硝酸产量", "全年", 1000, "t")])
    assert [i.expected for i in caught.value.report.issues if i.code == "process-parameter-missing"] == ["N2O生成因子"]


def test_chemicals_what_is_missing_sits_at_its_process(compute: Compute) -> None:
    # a factor without the output it applies to; recovered CO2 without its purity
    rows = [
        ("硝酸生产", "N2O生成因子", "全年", 8, "kg/t"),
        ("CO2回收利用", "回收CO2量", "全年", 100, "t"),
    ]
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("化工", 2023), process=rows)
    assert issues_at(caught, "process-parameter-missing") == [
        ("过程排放", "A2", "硝酸生产", "硝酸产量"),
        ("过程排放", "A3", "CO2回收利用", "回收CO2纯度"),
    ]


def test_chemicals_monthly_n2o_factor_and_usage_without_removal(compute: Compute) -> None:
    # nitric acid made in January only, its factor given for January only: valid, 1000 t × 8 kg/t = 8 t N2O.
    # Adipic acid with the abatement's usage but no removal rate: nothing removed, 100 t × 300 kg/t = 30 t.
    rows = [
        ("硝酸生产", "硝酸产量", 1, 1000, "t"),
        ("硝酸生产", "N2O生成因子", 1, 8, "kg/t"),
        ("己二酸生产", "己二酸产量", "全年", 100, "t"),
        ("己二酸生产", "N2O生成因子", "全年", 300, "kg/t"),
        ("己二酸生产", "尾气处理装置使用率", "全年", 50, "%"),
    ]
    r = compute(info=year("化工", 2023), process=rows)
    assert r.by_gas.N2O == pytest.approx(8 + 30)
    assert [(g, m, f) for _, _, g, m, _, _, f, *_ in lines(r)] == [("N2O", 1, 8.0), ("N2O", 0, 300.0)]


def test_chemicals_adipic_acid_alone_and_removal_without_usage(compute: Compute) -> None:
    # no nitric acid: adipic acid's 100 t × 300 kg/t = 30 t N2O still counted
    rows = [("己二酸生产", "己二酸产量", "全年", 100, "t"), ("己二酸生产", "N2O生成因子", "全年", 300, "kg/t")]
    assert compute(info=year("化工", 2023), process=rows).by_gas.N2O == pytest.approx(30)
    # a removal rate without the abatement's usage cannot be applied
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("化工", 2023), process=[*rows, ("己二酸生产", "N2O去除率", "全年", 90, "%")])
    assert issues_at(caught, "process-parameter-missing") == [("过程排放", "A2", "己二酸生产", "尾气处理装置使用率")]


def test_chemicals_feedstocks_in_sheet_order_beside_carbonates(compute: Compute) -> None:
    # 石油焦 1 t × 32.5 GJ/t × 0.0275 tC/GJ × 44/12 (fuel-2015); 天然气 as above; limestone 100 t × 0.4397
    fuel = [fuel_row("石油焦", 1, "t", use="原料"), fuel_row("天然气", 10, "万Nm3", use="原料")]
    r = compute(info=year("化工", 2023), fuel=fuel, process=[("碳酸盐使用", "石灰石", "全年", 100, "t")])
    coke, gas = 32.5 * 0.0275 * C, NATURAL_GAS_C * 10
    basis = "纯度未填按100%，煅烧比例未填按100%"
    assert lines(r) == [
        line("碳酸盐使用", "石灰石", "CO2", 0, 100.0, "t", 0.4397, "tCO2/t", basis, "M×纯度×煅烧比例×EF", 1, 43.97),
        line("含碳原料", "石油焦（原料用途）", "CO2", 1, 1.0, "t", coke, "tCO2/t", "化石燃料表", "AD×C×44/12", 1, coke),
        NATURAL_GAS_FEEDSTOCK,
    ]
    assert process_of(r) == pytest.approx(43.97 + coke + gas)


# --- power --------------------------------------------------------------------------------------


def test_power_measured_carbon_content(compute: Compute) -> None:
    # oxidation left blank: the 发电设施 guideline's 99 % for coal from April 2022, not the 2015 table's 93 %
    r = compute(info=year("发电", 2024), fuel=[fuel_row("烟煤", 1000, "t", carbon_fraction=55)])
    assert r.method == "cn-ets-power"
    assert r.by_category.fuel_combustion == pytest.approx(1000 * 0.55 * 0.99 * C)


def test_power_unmeasured_coal_takes_the_high_default_by_period(compute: Compute) -> None:
    # NCV measured 20 GJ/t; 0.03085 tC/GJ from April 2022, 0.03356 before (both uncertain); oxidation
    # blank: 100 % before April 2022, 99 % from then (the guideline's own defaults, both uncertain)
    fuel = [
        fuel_row("烟煤", 1000, "t", 2, ncv=20, ncv_unit="GJ/t"),
        fuel_row("烟煤", 1000, "t", 4, ncv=20, ncv_unit="GJ/t"),
    ]
    r = compute(info=year("发电", 2022), fuel=fuel)
    assert r.by_category.fuel_combustion == pytest.approx(20000 * (0.03356 * 1.00 + 0.03085 * 0.99) * C)
    assert sum(i.code == "carbon-high-default" for i in r.issues) == 2
    assert list(r.fuel_lines.cc_high_default) == [True, True]  # the result JSON's flag per line
    # each warning says what the line took: the period's high default
    assert [i.expected for i in r.issues if i.code == "carbon-high-default"] == ["0.03356 tC/GJ", "0.03085 tC/GJ"]
    provincial = compute(info=year("发电", 2022), fuel=fuel, method="provincial")
    assert provincial.by_category.fuel_combustion == pytest.approx(40000 * 0.0261 * 0.93 * C)


def test_power_defaults_at_the_edges_of_their_periods_and_for_every_fuel_they_name(compute: Compute) -> None:
    """2022, NCV measured 20 GJ/t, carbon and oxidation not: March still takes the 2021 defaults
    (0.03356 tC/GJ, 100 %), April the 2022 ones (0.03085, 99 %); a whole-year line takes December's;
    无烟煤 (the first fuel of the set) is coal like 烟煤; natural gas in the same plant takes its own
    0.01532 without taking the coal lines' rule away (the 2015 table's 烟煤 carbon is cited nowhere)."""
    fuel = [
        fuel_row("烟煤", 1000, "t", 3, ncv=20, ncv_unit="GJ/t"),
        fuel_row("烟煤", 1000, "t", 4, ncv=20, ncv_unit="GJ/t"),
        fuel_row("烟煤", 1000, "t", "全年", ncv=20, ncv_unit="GJ/t", source="2#锅炉"),
        fuel_row("无烟煤", 1000, "t", 3, ncv=20, ncv_unit="GJ/t", source="3#锅炉"),
        fuel_row("天然气", 10, "万Nm3", 4, source="燃气锅炉"),
    ]
    r = compute(info=year("发电", 2022), fuel=fuel)
    old, new = 20000 * 0.03356 * 1.00 * C, 20000 * 0.03085 * 0.99 * C
    assert list(r.fuel_lines.tco2) == pytest.approx([old, new, new, old, 10 * 389.31 * 0.01532 * 0.99 * C])
    assert list(r.fuel_lines.cc_high_default) == [True, True, True, True, False]  # gas: its own default, no high one
    rules = sorted((c.key, c.confidence) for c in r.citations if c.factor_set == "fuel-power")
    assert rules == sorted(
        [
            ("carbon_per_heat/燃煤单位热值含碳量 高限缺省值@2022-04", "uncertain"),
            ("carbon_per_heat/燃煤单位热值含碳量 高限缺省值 (2021版)@2019-01", "uncertain"),
            ("oxidation/燃煤碳氧化率 缺省值@2022-04", "uncertain"),
            ("oxidation/燃煤碳氧化率 缺省值 (2021版)@2019-01", "uncertain"),
            ("carbon_per_heat/天然气单位热值含碳量 缺省值@2019-01", "uncertain"),
        ]
    )
    assert not [c for c in r.citations if c.key in ("烟煤/cc", "无烟煤/cc", "烟煤/of")]


def test_power_oxidation_left_blank_takes_the_guidelines_own_default(compute: Compute) -> None:
    # 1000 t of coal, NCV 20 GJ/t and carbon 0.0261 tC/GJ measured, oxidation blank: 20000 × 0.0261 × 0.99 × 44/12
    # = 1894.86 t under 发电设施 (2024); the 2015 table's 93 % would give 1780.02 t, 6.1 % low
    fuel = [
        fuel_row("烟煤", 1000, "t", 5, ncv=20, ncv_unit="GJ/t", carbon_per_heat=0.0261),
        fuel_row("烟煤", 1000, "t", 6, ncv=20, ncv_unit="GJ/t", carbon_per_heat=0.0261, oxidation=95),
    ]
    r = compute(info=year("发电", 2024), fuel=fuel)
    assert list(r.fuel_lines.tco2) == pytest.approx([20000 * 0.0261 * 0.99 * C, 20000 * 0.0261 * 0.95 * C])
    oxidation = [c for c in r.citations if c.factor_set == "fuel-power"]
    assert [(c.name, c.value, c.unit) for c in oxidation] == [("燃煤碳氧化率 缺省值", 99.0, "%")]
    assert not [c for c in r.citations if c.key == "烟煤/of"]  # the 2015 table's 93 % was not used


def test_power_natural_gas_takes_the_guidelines_carbon_default(compute: Compute) -> None:
    # 10 万Nm3 × 389.31 GJ/万Nm3 (2015 table) × 0.01532 tC/GJ (发电设施) × 99 % × 44/12
    r = compute(info=year("发电", 2024), fuel=[fuel_row("天然气", 10, "万Nm3")])
    assert r.tco2 == pytest.approx(10 * 389.31 * 0.01532 * 0.99 * C)
    assert "carbon-high-default" not in {i.code for i in r.issues}


def test_power_plant_with_every_carbon_measured_cites_no_high_default(compute: Compute) -> None:
    fuel = [
        fuel_row("烟煤", 1000, "t", m, ncv=20, ncv_unit="GJ/t", carbon_fraction=52, oxidation=98) for m in range(1, 13)
    ]
    r = compute(info=year("发电", 2024), fuel=fuel)
    assert r.tco2 == pytest.approx(12 * 1000 * 0.52 * 0.98 * C)
    assert not [c for c in r.citations if "高限" in c.name]
    assert not [i for i in r.issues if i.code in ("carbon-high-default", "factor-uncertain")]


def test_power_intensities_split_by_heat_ratio_and_desulphurisation_scope(compute: Compute) -> None:
    fuel = [fuel_row("烟煤", 1000, "t", carbon_fraction=55)]
    production = [("供电量", 1, 2000, "MWh"), ("供热量", 1, 5000, "GJ")]
    rows = [
        ("机组运行", "供热比", "全年", 10, "%"),
        ("脱硫", "石灰石", "全年", 1000, "t"),
        ("脱硫", "石灰石碳酸钙含量", "全年", 90, "%"),
    ]
    r = compute(info=year("发电", 2024), fuel=fuel, production=production, process=rows)
    e = 1000 * 0.55 * 0.99 * C  # the guideline's 99 % oxidation for coal
    values = {i.name: i.value for i in r.intensity}
    assert values["tCO2/MWh 供电量"] == pytest.approx(e * 0.9 / 2000)
    assert values["tCO2/GJ 供热量"] == pytest.approx(e * 0.1 / 5000)
    assert process_of(r) == 0.0
    excluded = [(i.sheet, i.cell, i.value, i.expected) for i in r.issues if i.code == "process-excluded"]
    assert excluded == [("过程排放", "A3", "脱硫", "全国碳市场排放报告（发电设施）")]  # the method that leaves it out
    provincial = compute(info=year("发电", 2024), fuel=fuel, production=production, process=rows, method="provincial")
    assert process_of(provincial) == pytest.approx(1000 * 0.9 * 0.4397)
    desulphurisation = line(
        "脱硫", "石灰石", "CO2", 0, 1000.0, "t", 0.9 * 0.4397, "tCO2/t", "碳酸钙含量实测", "M×CaCO3含量×EF", 1, 395.73
    )
    assert lines(r) == lines(provincial) == [desulphurisation]
    assert (r.process_lines.counted.tolist(), provincial.process_lines.counted.tolist()) == ([False], [True])


def test_power_heat_ratio_missing_mean_of_months_and_a_plant_without_heat(compute: Compute) -> None:
    fuel = [fuel_row("烟煤", 1000, "t", carbon_fraction=55)]
    e = 1000 * 0.55 * 0.99 * C
    heat = [("供电量", 1, 2000, "MWh"), ("供热量", 1, 5000, "GJ")]

    def intensities(r: Result) -> dict[str, tuple[str, float]]:
        return {i.name: (i.product, i.value) for i in r.intensity if i.name.startswith("tCO2/")}

    # heat supplied, no 供热比: a warning, and neither intensity can be split
    r = compute(info=year("发电", 2024), fuel=fuel, production=heat)
    assert "heat-ratio-missing" in {i.code for i in r.issues} and intensities(r) == {}
    # 供热比 of January 10 % and February 20 %: the year's is their mean, 15 %
    rows = [("机组运行", "供热比", 1, 10, "%"), ("机组运行", "供热比", 2, 20, "%")]
    r = compute(info=year("发电", 2024), fuel=fuel, production=heat, process=rows)
    assert "heat-ratio-missing" not in {i.code for i in r.issues}
    assert intensities(r) == {
        "tCO2/MWh 供电量": ("供电量", pytest.approx(e * 0.85 / 2000)),
        "tCO2/GJ 供热量": ("供热量", pytest.approx(e * 0.15 / 5000)),
    }
    # no heat supplied and no 供热比: all of it is the power's
    r = compute(info=year("发电", 2024), fuel=fuel, production=heat[:1])
    assert "heat-ratio-missing" not in {i.code for i in r.issues}
    assert intensities(r) == {"tCO2/MWh 供电量": ("供电量", pytest.approx(e / 2000))}
    assert [i.name for i in r.intensity] == ["tCO2/MWh 供电量"]  # not also tCO2e per MWh of the whole plant


def test_intensity_per_product_skips_products_without_output(compute: Compute) -> None:
    # outside 发电, 供热量 is a product like any other, summed in GJ as given; energy in a multiple of
    # the watt-hour in MWh, however the unit is written (2 000 kWh = 2 MWh; 3 万千瓦时 = 30 MWh); a
    # product of zero output has no intensity
    production = [
        ("供热量", 1, 5000, "GJ"),
        ("外供电", 1, 2000, "kWh"),
        ("外供电B", 1, 3, "万千瓦时"),
        ("产品A", 1, 0, "t"),
    ]
    r = compute(info=year("其他", 2025), fuel=[fuel_row("烟煤", 100, "t")], production=production)
    assert [(i.name, i.product, i.value) for i in r.intensity] == [
        ("tCO2e/GJ 供热量", "供热量", pytest.approx(r.tco2e / 5000)),
        ("tCO2e/MWh 外供电", "外供电", pytest.approx(r.tco2e / 2)),
        ("tCO2e/MWh 外供电B", "外供电B", pytest.approx(r.tco2e / 30)),
    ]


def test_power_desulphurisation_limestone_of_unknown_content_is_taken_as_pure(compute: Compute) -> None:
    rows = [("脱硫", "石灰石", "全年", 1000, "t")]
    r = compute(
        info=year("发电", 2024),
        fuel=[fuel_row("烟煤", 1000, "t", carbon_fraction=55)],
        process=rows,
        method="provincial",
    )
    assert lines(r) == [
        line(
            "脱硫",
            "石灰石",
            "CO2",
            0,
            1000.0,
            "t",
            0.4397,
            "tCO2/t",
            "碳酸钙含量未填按100%",
            "M×CaCO3含量×EF",
            1,
            439.7,
        )
    ]


def test_unknown_products_processes_and_parameters_are_named_with_their_lists(compute: Compute) -> None:
    from accounting.vocabulary import sector_items

    cement = sector_items("cement")
    products = "、".join(p.name for p in cement.products or ())
    processes = "、".join(p.name for p in cement.processes)
    production = [("熟料", 1, 1000, "t"), ("熟料X", 1, 5, "t"), ("", 2, 5, "t")]
    rows = [
        ("熟料锻烧", "熟料中CaO含量", "全年", 65, "%"),  # 锻 for 煅
        ("熟料煅烧", "熟料CaO", "全年", 65, "%"),
        ("熟料煅烧", "", "全年", 2, "%"),
    ]
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=year("水泥熟料", 2023), production=production, process=rows)
    named = [
        (i.code, i.sheet, i.cell, i.value, i.expected)
        for i in caught.value.report.issues
        if i.code in ("product-unknown", "process-unknown", "parameter-unknown", "value-missing")
    ]
    assert named == [
        ("process-unknown", "过程排放", "A2", "熟料锻烧", f"（{processes}），是否为「熟料煅烧」？"),
        ("parameter-unknown", "过程排放", "B3", "熟料CaO", "「熟料煅烧」，是否为「熟料中CaO含量」？"),
        ("value-missing", "过程排放", "B4", "", ""),  # a blank is the reader's to report, once
        ("product-unknown", "产品产量", "A3", "熟料X", f"（{products}），是否为「熟料」？"),
        ("value-missing", "产品产量", "A4", "", ""),
    ]


# --- gases and global warming potentials -------------------------------------------------------


def test_co2_sums_every_category_and_n2o_weighs_by_the_sets_gwp(compute: Compute) -> None:
    from tests.conftest import energy_row

    # 烟煤 100 t × 19.57 GJ/t × 0.0261 tC/GJ × 93 % × 44/12; heat 1 000 GJ × 0.11; limestone 100 t × 0.4397;
    # nitric acid 1 000 t × 8 kg/t = 8 t N2O, × 310 (SAR, 2023)
    r = compute(
        info=year("化工", 2023),
        fuel=[fuel_row("烟煤", 100, "t")],
        energy=[energy_row("购入热力", 1000, "GJ")],
        process=[
            ("碳酸盐使用", "石灰石", "全年", 100, "t"),
            ("硝酸生产", "硝酸产量", "全年", 1000, "t"),
            ("硝酸生产", "N2O生成因子", "全年", 8, "kg/t"),
        ],
    )
    coal = 100 * 19.57 * 0.0261 * 0.93 * C
    assert r.by_gas.CO2 == pytest.approx(coal + 110 + 43.97)
    assert r.by_gas.N2O == pytest.approx(8)
    assert r.tco2e == pytest.approx(coal + 110 + 43.97 + 8 * 310)
    cited = {c.key: (c.factor_set, c.name, c.value, c.unit, c.source_id) for c in r.citations if c.factor_set == "gwp"}
    assert cited == {
        "SAR/CO2": ("gwp", "CO2 GWP (SAR)", 1.0, "1", "IPCC-SAR"),
        "SAR/N2O": ("gwp", "N2O GWP (SAR)", 310.0, "1", "IPCC-SAR"),
    }


def test_a_gwp_set_unknown_or_lacking_a_gas_is_named(workbook, tmp_path) -> None:
    import shutil

    from accounting import calculate, load_library, read_submission
    from accounting.calc import Options
    from accounting.errors import MethodError
    from accounting.factors import default_root, read_table

    rows = [("硝酸生产", "硝酸产量", "全年", 1000, "t"), ("硝酸生产", "N2O生成因子", "全年", 8, "kg/t")]
    submission = read_submission(workbook(info=year("化工", 2023), process=rows))
    with pytest.raises(MethodError) as caught:
        calculate(submission, options=Options(gwp_set="AR9"))
    assert "AR9" in str(caught.value) and caught.value.expected == "AR5、AR6、SAR"
    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    table = read_table(root / "gwp" / "values.csv")
    table[~((table.gwp_set == "SAR") & (table.gas == "N2O"))].to_csv(root / "gwp" / "values.csv", index=False)
    with pytest.raises(MethodError) as caught:
        calculate(submission, library=load_library(root=root))
    assert "GWP 版本「SAR」缺少气体 N2O" in str(caught.value)


# --- the bundled samples, by hand from their inputs -----------------------------------------------


def _sample(name: str, tmp_path: Any) -> tuple[dict[str, Any], Result]:
    from accounting import calculate, read_submission
    from accounting.samples import SAMPLES, write_sample

    return SAMPLES[name](), calculate(read_submission(write_sample(name, tmp_path / f"{name}.xlsx")))


def _column(rows: list[tuple[Any, ...]], index: int, **match: Any) -> list[Any]:
    keys = {"name": 0, "item": 1}
    return [r[index] for r in rows if all(r[keys[k]] == v for k, v in match.items())]


def test_sample_cement_by_hand(tmp_path: Any) -> None:
    data, r = _sample("qinghai-cement", tmp_path)
    clinker = sum(_column(data["tables"]["production"], 2, name="熟料"))
    coal = sum(_column(data["tables"]["fuel"], 3, item="烟煤"))
    assert process_of(r) == pytest.approx(clinker * 0.535 - 36000 * 0.48 + 2_260_000 * 0.0015 * C)
    diesel = 420 * 42.652 * 0.0202 * 0.98 * C
    assert r.by_category.fuel_combustion == pytest.approx(coal * 22.4 * 0.0261 * 0.93 * C + diesel)
    assert sum(r.by_category.values()) == pytest.approx(r.tco2e) == pytest.approx(r.by_gas.CO2)
    assert {i.name: i.value for i in r.intensity}["tCO2e/t 熟料"] == pytest.approx(r.tco2e / clinker)


def test_sample_aluminium_by_hand(tmp_path: Any) -> None:
    data, r = _sample("qinghai-aluminium", tmp_path)
    metal = _column(data["tables"]["production"], 2)
    anode = _column(data["tables"]["process"], 3, item="炭阳极净耗量")
    co2 = sum(m * a for m, a in zip(metal, anode, strict=True)) * (1 - 0.021 - 0.0035) * C + 220 * 0.985 * 0.4152
    cf4, c2f6 = sum(metal) * 0.02 / 1000, sum(metal) * 0.0011 / 1000
    assert (r.by_gas.CF4, r.by_gas.C2F6) == (pytest.approx(cf4), pytest.approx(c2f6))
    assert process_of(r) == pytest.approx(co2 + cf4 * 6630 + c2f6 * 11100)
    assert sum(r.by_category.values()) == pytest.approx(r.tco2e)


def test_sample_steel_by_hand(tmp_path: Any) -> None:
    data, r = _sample("gansu-steel", tmp_path)
    steel = sum(_column(data["tables"]["production"], 2, name="粗钢"))
    expected = (
        312000 * 0.44 + 118500 * 0.471 + 1460 * 0.982 * C + 52000 * 0.172 - steel * 0.037 - 48600 * 33.0 * 0.0708 * C
    )
    assert process_of(r) == pytest.approx(expected)


def test_sample_glass_by_hand(tmp_path: Any) -> None:
    _, r = _sample("gansu-glass", tmp_path)
    expected = 44800 * 0.992 * 0.4152 + 39600 * 0.97 * 0.4773 + 14200 * 0.965 * 0.4397 + 310 * 0.85 * C
    assert process_of(r) == pytest.approx(expected)


def test_sample_chemicals_by_hand(tmp_path: Any) -> None:
    data, r = _sample("gansu-chemicals", tmp_path)
    feed = sum(row[3] for row in data["tables"]["fuel"] if row[10] == "原料")
    n2o = 50000 * 8.5 * (1 - 0.90 * 0.95) / 1000
    assert r.by_gas.N2O == pytest.approx(n2o)
    co2 = feed * 389.31 * 0.0153 * C - 30000 * 0.20 * C - 5000 * 0.995
    assert process_of(r) == pytest.approx(co2 + n2o * 310)


def test_sample_power_by_hand(tmp_path: Any) -> None:
    data, r = _sample("gansu-power", tmp_path)
    coal = [row for row in data["tables"]["fuel"] if row[1] == "烟煤"]
    # January–March untested: NCV × 0.03085 (2024 is after April 2022); the rest by carbon content;
    # coal oxidation the guideline's 99 %, diesel the 2015 table's 98 %
    untested = sum(q * ncv * 0.03085 for _, _, m, q, _, ncv, *_ in coal if m <= 3)
    tested = sum(q * c / 100 for _, _, m, q, _, _, _, _, c, *_ in coal if m > 3)
    diesel = 186 * 42.652 * 0.0202
    assert r.by_category.fuel_combustion == pytest.approx((untested + tested) * 0.99 * C + diesel * 0.98 * C)
    assert process_of(r) == 0.0  # desulphurisation listed, outside the 发电设施 scope
    facility = r.by_category.fuel_combustion + r.by_category.net_purchased_electricity
    supplied = sum(_column(data["tables"]["production"], 2, name="供电量"))
    heat = sum(_column(data["tables"]["production"], 2, name="供热量"))
    values = {i.name: i.value for i in r.intensity}
    assert values["tCO2/MWh 供电量"] == pytest.approx(facility * (1 - 0.086) / supplied)
    assert values["tCO2/GJ 供热量"] == pytest.approx(facility * 0.086 / heat)
    # power and heat supplied have the split intensities only, not the whole plant's tCO2e per unit
    assert sorted(values) == ["tCO2/GJ 供热量", "tCO2/MWh 供电量", "tCO2e/MWh 发电量"]


def test_a_carbon_content_listed_before_its_item_and_one_missing(compute: Compute) -> None:
    """碳粉含碳量 in the row above 碳粉: still 10 t × 80 % × 44/12; 碳粉 without its content (glass has no
    default for it) is an error naming the content it needs."""
    rows = [("碳粉氧化", "碳粉含碳量", "全年", 80, "%"), ("碳粉氧化", "碳粉", "全年", 10, "t")]
    r = compute(info=year("平板玻璃", 2025), production=[("平板玻璃", "全年", 5000, "t")], process=rows)
    assert process_of(r) == pytest.approx(10 * 0.8 * C)
    with pytest.raises(InvalidSubmission) as info:
        compute(info=year("平板玻璃", 2025), production=[("平板玻璃", "全年", 5000, "t")], process=rows[1:])
    missing = [(i.value, i.expected) for i in info.value.report.errors if i.code == "process-parameter-missing"]
    assert missing == [("碳粉氧化", "碳粉含碳量")]
