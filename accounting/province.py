"""A synthetic province for the demo: submissions of several cities and sectors over three years, and
the statistics workbook from the plans' base year 2020, generated reproducibly from a seed.

The submissions start in 2021, the first data year of the bundled provincial grid factors (no
submission for 2020 can be calculated with them); the base-year intensities come, as in practice,
from the statistics workbook.

Every enterprise is a bundled sample (:mod:`accounting.samples`) scaled in size, placed in a city of
青海省 and given a fictitious name and USCC. From year to year its output grows and its energy per
unit of output falls a little, each by its own random rate. A few enterprises break the rules on
purpose, so that the data-quality section has something to find: one does not submit in the last
year, one leaves out December, one sends a corrected version. All numbers, the statistics included,
are invented for demonstration and say so in the workbook.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from accounting import schema
from accounting.samples import SAMPLES
from accounting.statistics import ASSIGNED, DATA, INDICATORS, ROSTER, write_statistics
from accounting.template import write_template
from accounting.uscc import complete

PROVINCE = "青海省"
CITIES = (("西宁市", "630100"), ("海东市", "630200"), ("海西蒙古族藏族自治州", "632800"), ("海南藏族自治州", "632500"))
YEARS = (2021, 2024, 2025)
# sample to copy -> number of enterprises
MIX = {
    "qinghai-cement": 5,
    "qinghai-aluminium": 3,
    "gansu-power": 3,
    "qinghai-other": 5,
    "gansu-glass": 2,
    "gansu-chemicals": 2,
    "gansu-steel": 1,
}
SCALED_PROCESS_UNITS = ("t", "吨", "万Nm3")  # process rows in these units are amounts; the rest are ratios
MONTH_COLUMN = {"fuel": 2, "energy": 1, "production": 1, "process": 2}
SOURCE = "演示数据（合成，非真实统计）"
PRICES = "；不变价，2020 年价格"
# synthetic provincial statistics by year: GDP and industrial value added (亿元, 2020 prices), energy (万tce)
STATISTICS = {
    2020: {
        "gdp": 3006,
        "industrial_va": 1050,
        "energy_total": 4300,
        "energy_industry": 3000,
        "energy_non_fossil": 2000,
        "coal": 1350,
        "co2_total": 5200,
    },
    2021: {
        "gdp": 3250,
        "industrial_va": 1130,
        "energy_total": 4450,
        "energy_industry": 3080,
        "energy_non_fossil": 2120,
        "coal": 1345,
        "co2_total": 5350,
    },
    2024: {
        "gdp": 3655,
        "industrial_va": 1270,
        "energy_total": 4650,
        "energy_industry": 3200,
        "energy_non_fossil": 2420,
        "coal": 1330,
        "co2_total": 5600,
    },
    2025: {
        "gdp": 3830,
        "industrial_va": 1330,
        "energy_total": 4700,
        "energy_industry": 3270,
        "energy_non_fossil": 2550,
        "coal": 1310,
        "co2_total": 5650,
    },
}
# the cities' GDP (亿元, 2020 prices) and energy (万tce), for their energy-intensity progress (缓批限批)
CITY_STATISTICS = {
    "西宁市": {2020: (1372, 1250), 2024: (1650, 1290), 2025: (1720, 1300)},
    "海东市": {2020: (520, 560), 2024: (610, 600), 2025: (640, 625)},
    "海西蒙古族藏族自治州": {2020: (720, 1500), 2024: (850, 1545), 2025: (880, 1560)},
}
UNITS = {"gdp": "亿元", "industrial_va": "亿元", "co2_total": "万吨"}
# values the plan leaves to the state (完成国家下达): the national targets stand in, for the demo only
ASSIGNED_DEMO = [
    (
        PROVINCE,
        "energy_intensity_gdp_reduction",
        2020,
        2025,
        13.5,
        "演示赋值：按全国目标 13.5%（目标库 T0001）填写，非国家实际下达值",
    ),
    (
        PROVINCE,
        "co2_intensity_gdp_reduction",
        2020,
        2025,
        18,
        "演示赋值：按全国目标 18%（目标库 T0002）填写，非国家实际下达值",
    ),
    *(
        (city, "energy_intensity_gdp_reduction", 2020, 2025, value, "演示赋值：省对市（州）分解目标，合成数据")
        for city, value in (("西宁市", 14), ("海东市", 13.5), ("海西蒙古族藏族自治州", 13))
    ),
]


def _uscc(n: int) -> str:
    return complete(f"91{CITIES[n % len(CITIES)][1]}MA7DM{n:04d}")


def _scale_rows(
    rows: list[tuple[Any, ...]], column: int, factor: float, units: int | None = None
) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        value = row[column]
        amount = units is None or row[units] in SCALED_PROCESS_UNITS
        if amount and isinstance(value, int | float) and not isinstance(value, bool):
            row = (*row[:column], round(value * factor, 2), *row[column + 1 :])
        out.append(row)
    return out


def enterprise(n: int, sample: str, size: float, growth: float, saving: float, year: int) -> dict[str, Any]:
    """Enterprise ``n`` in ``year``: the sample scaled by size, output growth and energy saving since 2020."""
    data = SAMPLES[sample]()
    city, code = CITIES[n % len(CITIES)]
    years = year - YEARS[0]
    output = size * growth**years
    energy = output * (1.0 - saving) ** years
    tables = dict(data["tables"])
    tables["fuel"] = _scale_rows(tables.get("fuel", []), 3, energy)
    tables["energy"] = _scale_rows(tables.get("energy", []), 2, energy)
    tables["production"] = _scale_rows(tables.get("production", []), 2, output)
    tables["process"] = _scale_rows(tables.get("process", []), 3, output, units=4)
    if "units" in tables:  # a power plant's units: capacity by size, supply by output, load by growth
        tables["units"] = [
            (
                u,
                category,
                round(capacity * size),
                cooling,
                round(power * output, 1),
                round(heat * output, 1),
                round(min(load * growth**years, 95.0), 1),
                ratio,
            )
            for u, category, capacity, cooling, power, heat, load, ratio in tables["units"]
        ]
    tables.pop("economics", None)
    sector = data["info"]["sector"]
    info = {
        "uscc": _uscc(n),
        "name": f"示例{city[:2]}{sector}{n:02d}有限公司",
        "province": PROVINCE,
        "city": city,
        "region_code": code,
        "sector": sector,
        "year": year,
    }
    return {"info": info, "tables": tables}


Plan = tuple[int, str, float, float, float]  # (number, sample, size, output growth, energy saving a year)


def plans(seed: int = 2025) -> list[Plan]:
    """Every enterprise of the province, drawn from ``seed``: its number, the sample it copies, its size,
    and its yearly output growth and energy saving."""
    rng = random.Random(seed)
    out = []
    n = 0
    for sample, count in MIX.items():
        for _ in range(count):
            n += 1
            out.append((n, sample, rng.uniform(0.35, 1.1), rng.uniform(0.99, 1.06), rng.uniform(0.0, 0.03)))
    return out


def generate(out: Path, seed: int = 2025) -> tuple[list[Path], list[Path], Path]:
    """Write the province's submissions and statistics workbook under ``out``; return (submissions,
    corrections, statistics).

    The corrected version of one enterprise's last year has ``-更正`` in its name and is returned
    apart: a regulator ingests it after the original, as its version 2 (in one batch with it, the
    store could not tell which corrects which, and refuses both).
    """
    folder = out / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    corrections: list[Path] = []
    roster = []
    last = YEARS[-1]
    every = plans(seed)
    absent, partial, corrected = every[3][0], every[6][0], every[1][0]
    for n, sample, size, growth, saving in every:
        sector_key = schema.SECTORS[SAMPLES[sample]()["info"]["sector"]]
        for year in YEARS:
            if n == absent and year == last:
                continue
            data = enterprise(n, sample, size, growth, saving, year)
            if n == partial and year == last:
                data["tables"] = {
                    k: [r for r in rows if r[MONTH_COLUMN[k]] != 12] for k, rows in data["tables"].items()
                }
            name = f"{data['info']['uscc']}_{year}.xlsx"
            written.append(write_template(folder / name, sector_key, data["info"], data["tables"]))
            if n == corrected and year == last:
                fix = enterprise(n, sample, size * 1.02, growth, saving, year)
                corrections.append(
                    write_template(
                        folder / f"{data['info']['uscc']}_{year}-更正.xlsx", sector_key, fix["info"], fix["tables"]
                    )
                )
        info = enterprise(n, sample, size, growth, saving, last)["info"]
        roster.append((info["uscc"], info["name"], info["city"], info["sector"]))
    stats = [
        (
            PROVINCE,
            "",
            year,
            INDICATORS[key][0],
            value,
            UNITS.get(key, "万吨标准煤"),
            SOURCE + PRICES * (key in ("gdp", "industrial_va")),
        )
        for year, values in STATISTICS.items()
        for key, value in values.items()
    ]
    stats += [
        (
            city,
            PROVINCE,
            year,
            INDICATORS[key][0],
            value,
            UNITS.get(key, "万吨标准煤"),
            SOURCE + PRICES * (key == "gdp"),
        )
        for city, years in CITY_STATISTICS.items()
        for year, pair in years.items()
        for key, value in zip(("gdp", "energy_total"), pair, strict=True)
    ]
    statistics = write_statistics(out / "统计数据.xlsx", {DATA: stats, ASSIGNED: ASSIGNED_DEMO, ROSTER: roster})
    return written, corrections, statistics
