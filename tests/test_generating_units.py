"""The 机组信息 sheet of a power plant: what the result carries of each generating unit, and every
check at its cell (accounting.calc.generating_units)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounting import Result
from accounting.errors import InvalidSubmission
from tests.conftest import fuel_row, located

Compute = Callable[..., Result]
POWER = {"sector": "发电", "year": 2024}
FUEL = [fuel_row("烟煤", 1000, "t", carbon_fraction=55)]
COAL_300 = "300MW等级以上常规燃煤机组"
GAS = "燃气机组"


def unit(name: str, category: str, *values: Any) -> tuple[Any, ...]:
    """机组, 机组类别, then 装机容量, 冷却方式, 供电量, 供热量, 负荷系数, 供热比 as far as given."""
    return (name, category, *values)


def test_units_as_the_result_carries_them(compute: Compute) -> None:
    units = [
        unit("1#机组", COAL_300, 350, "水冷", 1_500_000, 200_000, 78.5, 12.5),
        unit("2#机组", GAS, 120, "", 400_000, None, None, None),
    ]
    r = compute(info=POWER, fuel=FUEL, units=units)
    assert r.units == (
        {
            "row": 2,
            "unit": "1#机组",
            "category": COAL_300,
            "capacity_mw": 350.0,
            "cooling": "水冷",
            "power_mwh": 1_500_000.0,
            "heat_gj": 200_000.0,
            "load_factor": 0.785,  # the two percentages as fractions
            "heat_ratio": 0.125,
        },
        {
            "row": 3,
            "unit": "2#机组",
            "category": GAS,
            "capacity_mw": 120.0,
            "cooling": "",
            "power_mwh": 400_000.0,
            "heat_gj": None,  # blank is None, not 0
            "load_factor": None,
            "heat_ratio": None,
        },
    )


def test_a_plant_without_units_carries_none(compute: Compute) -> None:
    assert compute(info=POWER, fuel=FUEL).units == ()


def test_every_unit_error_at_its_cell(compute: Compute) -> None:
    units = [
        unit("1#机组", "300MW机组", -350, "水冷却", 1_500_000, -5, 0.785, 120),
        unit("2#机组", GAS, 120, "空冷", -400_000, 10, -3, 1),
        unit("3#机组", GAS, 0, "空冷", 0, 0, 0, 100),  # zero and 100 % are allowed
        unit("4#机组", GAS, 10, "空冷", 10, 0, 100.5, 1.5),  # 1.5 % is a percentage; 100.5 % is over
    ]
    with pytest.raises(InvalidSubmission) as caught:
        compute(info=POWER, fuel=FUEL, units=units)
    issues = caught.value.report.issues
    on_units = [i for i in located(issues) if i[0] == "机组信息"]
    assert sorted(on_units) == sorted(
        [
            ("机组信息", "B2", "unit-category-unknown"),
            ("机组信息", "D2", "cooling-unknown"),
            ("机组信息", "C2", "negative-quantity"),
            ("机组信息", "F2", "negative-quantity"),
            ("机组信息", "E3", "negative-quantity"),
            ("机组信息", "G2", "percent-as-fraction"),
            ("机组信息", "H2", "percent-over-100"),
            ("机组信息", "G3", "negative-quantity"),
            ("机组信息", "H3", "percent-as-fraction"),
            ("机组信息", "G5", "percent-over-100"),
        ]
    )
    by_cell = {i.cell: i for i in issues if i.sheet == "机组信息"}
    assert (by_cell["D2"].value, by_cell["D2"].expected) == ("水冷却", "「水冷」、「空冷」，是否为「水冷」？")
    assert by_cell["B2"].value == "300MW机组"
    assert by_cell["B2"].expected.startswith(f"「{COAL_300}」、「300MW等级及以下常规燃煤机组」")
    assert [by_cell[c].value for c in ("C2", "F2", "E3", "G2", "H2", "G3", "H3")] == [
        "-350",
        "-5",
        "-400000",
        "0.785",
        "120",
        "-3",
        "1",
    ]
