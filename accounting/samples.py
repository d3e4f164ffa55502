"""The bundled sample submissions: invented enterprises with plausible data, for the demo.

Each sample is data here and becomes a workbook through :func:`write_sample`, so the repository
carries no binary workbooks. Enterprise names and codes are fictitious; the USCCs carry valid
GB 32100 check characters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accounting import schema
from accounting.template import write_template
from accounting.uscc import check_character


def _uscc(first17: str) -> str:
    return first17 + check_character(first17)


Row = tuple[Any, ...]


def _monthly(values: list[Any]) -> list[tuple[int, Any]]:
    return list(enumerate(values, start=1))


def _qinghai_other() -> dict[str, Any]:
    coal = [1320, 1280, 1150, 980, 860, 820, 800, 810, 900, 1050, 1210, 1340]
    gas = [8.6, 8.1, 7.4, 6.2, 5.1, 4.8, 4.6, 4.7, 5.3, 6.5, 7.8, 8.8]  # 万Nm3
    power = [412, 398, 425, 431, 446, 452, 461, 458, 440, 437, 421, 415]  # 万千瓦时
    product = [2150, 2080, 2260, 2290, 2370, 2400, 2450, 2430, 2340, 2320, 2240, 2200]  # t
    fuel: list[Row] = [("1#燃煤锅炉", "烟煤", m, q, "吨", 21.35 if m <= 6 else None, "GJ/t" if m <= 6 else None,
             None, None, None, "燃料") for m, q in _monthly(coal)]
    fuel += [("2#燃气锅炉", "天然气", m, q, "万标准立方米", None, None, None, None, None, "燃料")
             for m, q in _monthly(gas)]
    fuel += [("厂内运输车辆", "柴油", "全年", 86.4, "吨", None, None, None, None, None, "燃料")]
    energy: list[Row] = [("购入电力", m, q, "万千瓦时", None, None) for m, q in _monthly(power)]
    energy += [("购入绿电", "全年", 6000, "MWh", None, None),
               ("购入热力", "全年", 3200, "吨", 1.0, 250),
               ("输出电力", "全年", 120, "MWh", None, None)]
    return {
        "info": {"uscc": _uscc("91630100MA7QH0001"), "name": "青海示例新材料有限公司", "province": "青海省",
                 "city": "西宁市", "region_code": "630100", "sector": "其他", "year": 2025},
        "tables": {"fuel": fuel, "energy": energy,
                   "production": [("硅基新材料", m, q, "吨") for m, q in _monthly(product)],
                   "economics": [("工业增加值", 58600, "万元")]},
    }


def _gansu_chemicals() -> dict[str, Any]:
    coke = [610, 590, 640, 655, 670, 660, 650, 665, 640, 630, 600, 615]
    feed = [152, 148, 160, 163, 168, 165, 162, 166, 160, 158, 150, 154]  # 万Nm3 natural gas as feedstock
    power = [2310, 2250, 2400, 2420, 2480, 2460, 2450, 2470, 2410, 2390, 2300, 2330]  # MWh
    product = [9800, 9500, 10300, 10400, 10650, 10500, 10420, 10580, 10250, 10150, 9700, 9900]
    fuel: list[Row] = [("造气炉", "焦炭", m, q, "t", 28.9, "GJ/t", 0.0301, None, 97, "燃料") for m, q in _monthly(coke)]
    fuel += [("合成氨装置", "天然气", m, q, "万Nm3", None, None, None, None, None, "原料") for m, q in _monthly(feed)]
    fuel += [("导热油炉", "天然气", m, 12.5, "万Nm3", None, None, None, None, None, "燃料") for m in range(1, 13)]
    energy: list[Row] = [("购入电力", m, q, "MWh", None, None) for m, q in _monthly(power)]
    energy += [("输出热力", m, 1800, "GJ", None, None) for m in range(1, 13)]
    return {
        "info": {"uscc": _uscc("91620100MA7GX0002"), "name": "甘肃示例化工有限公司", "province": "甘肃省",
                 "city": "兰州市", "region_code": "620100", "sector": "化工", "year": 2024},
        "tables": {"fuel": fuel, "energy": energy,
                   "production": [("合成氨", m, q, "t") for m, q in _monthly(product)]},
    }


SAMPLES = {"qinghai-other": _qinghai_other, "gansu-chemicals": _gansu_chemicals}


def sample_sector(name: str) -> str:
    """The sector key ('chemicals') of the sample ``name``."""
    return schema.SECTORS[SAMPLES[name]()["info"]["sector"]]


def sample_for(sector: str) -> str | None:
    """The name of the bundled sample of ``sector`` (a key such as 'chemicals'), if there is one."""
    return next((name for name in SAMPLES if sample_sector(name) == sector), None)


def write_sample(name: str, path: str | Path) -> Path:
    """Write the sample submission ``name`` to ``path``, as its sector's template filled in."""
    sample = SAMPLES[name]()
    sector = schema.SECTORS[sample["info"]["sector"]]
    return write_template(path, sector, sample["info"], sample["tables"])
