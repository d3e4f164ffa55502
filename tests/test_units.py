"""Unit registry: Chinese and industry units, each checked against its definition by hand."""

import pytest

from accounting import UnitError, units


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("万吨", "t", 1e4),  # 万 = 10^4
        ("千克", "t", 1e-3),
        ("万千瓦时", "MWh", 10.0),  # 10^4 kWh = 10 MWh
        ("亿千瓦时", "MWh", 1e5),
        ("百万千焦", "GJ", 1.0),  # 10^6 kJ = 1 GJ
        ("吉焦", "GJ", 1.0),
        ("tce", "GJ", 29.307),  # GB/T 2589: 1 kgce = 29 307 kJ
        ("吨标准煤", "kgce", 1000.0),
        ("万吨标准煤", "tce", 1e4),
        ("万标准立方米", "Nm3", 1e4),
        ("10⁴Nm³", "Nm3", 1e4),
        ("万m3", "m3", 1e4),
        ("kcal", "kJ", 4.1868),  # international calorie, as GB/T 2589 uses
        ("千卡/千克", "kJ/kg", 4.1868),
        ("度", "kWh", 1.0),
        ("%", "dimensionless", 0.01),
        ("ｔ", "t", 1.0),  # full-width letter from a Chinese input method
    ],
)
def test_conversion_factors(text: str, target: str, expected: float) -> None:
    assert units.factor(text, target) == pytest.approx(expected, rel=1e-12)


def test_standard_volume_is_not_plain_volume() -> None:
    # a gas volume at an unknown state is never silently taken as standard
    assert not units.fits("万立方米", "Nm3")


@pytest.mark.parametrize("text", ["吨吨", "foo", "3 t", ""])
def test_unreadable_units_raise(text: str) -> None:
    with pytest.raises(UnitError):
        units.parse(text)


def test_dimension_mismatch_names_both_sides() -> None:
    with pytest.raises(UnitError) as info:
        units.factor("吨", "MWh")
    assert "吨" in str(info.value) and "MWh" in str(info.value)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("()", "括号成对且不为空"),
        ('"t"', '字符「"」'),
        ("t!", "字符「!」"),  # pint reads ! as nothing: t! was one tonne
        ("t/0", "不带数值"),  # pint divides by zero
        ("10**400*t/10**400", "不带数值"),  # an integer too large for a float
        ("10**10**10", "不带数值"),  # pint computes the integer: never ends
        ("t**1e10", "名称之间"),
        ("t**100", "不超过 2 位的整数指数"),
        ("t-km", "负号只可用于指数"),
        ("a" * 100_000, "不超过 40 个字符"),  # the parser is quadratic in the length
        ("(" * 3000 + "t" + ")" * 3000, "不超过 40 个字符"),
        ("((((t))))", "括号不超过 3 层"),
        ("t/", "末尾不是运算符"),
        ("*t", "两边应有单位名称"),
    ],
)
def test_hostile_unit_texts_are_refused_before_pint_sees_them(text: str, said: str) -> None:
    units.parse.cache_clear()
    with pytest.raises(UnitError) as info:
        units.parse(text)
    assert said in str(info.value)
    assert len(str(info.value)) < 200  # a 100 000-letter text is not echoed whole


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [("m**3", "l", 1000.0), ("s^-1", "1/min", 60.0), ("kg/(m3)", "t/m3", 1e-3), ("GJ/10^4Nm3", "MJ/Nm3", 0.1)],
)
def test_exponents_and_parentheses_still_read(text: str, target: str, expected: float) -> None:
    assert units.factor(text, target) == pytest.approx(expected, rel=1e-12)
