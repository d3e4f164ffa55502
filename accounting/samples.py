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
from accounting.uscc import complete

Row = tuple[Any, ...]


def _monthly(values: list[Any]) -> list[tuple[int, Any]]:
    return list(enumerate(values, start=1))


def _qinghai_other() -> dict[str, Any]:
    coal = [1320, 1280, 1150, 980, 860, 820, 800, 810, 900, 1050, 1210, 1340]
    gas = [8.6, 8.1, 7.4, 6.2, 5.1, 4.8, 4.6, 4.7, 5.3, 6.5, 7.8, 8.8]  # 万Nm3
    power = [412, 398, 425, 431, 446, 452, 461, 458, 440, 437, 421, 415]  # 万千瓦时
    product = [2150, 2080, 2260, 2290, 2370, 2400, 2450, 2430, 2340, 2320, 2240, 2200]  # t
    fuel: list[Row] = [
        (
            "1#燃煤锅炉",
            "烟煤",
            m,
            q,
            "吨",
            21.35 if m <= 6 else None,
            "GJ/t" if m <= 6 else None,
            None,
            None,
            None,
            "燃料",
        )
        for m, q in _monthly(coal)
    ]
    fuel += [
        ("2#燃气锅炉", "天然气", m, q, "万标准立方米", None, None, None, None, None, "燃料") for m, q in _monthly(gas)
    ]
    fuel += [("厂内运输车辆", "柴油", "全年", 86.4, "吨", None, None, None, None, None, "燃料")]
    energy: list[Row] = [("购入电力", m, q, "万千瓦时", None, None) for m, q in _monthly(power)]
    energy += [
        ("购入绿电", "全年", 6000, "MWh", None, None),
        ("购入热力", "全年", 3200, "吨", 1.0, 250),
        ("输出电力", "全年", 120, "MWh", None, None),
    ]
    return {
        "info": {
            "uscc": complete("91630100MA7QH0001"),
            "name": "青海示例新材料有限公司",
            "province": "青海省",
            "city": "西宁市",
            "region_code": "630100",
            "sector": "其他",
            "year": 2025,
        },
        "tables": {
            "fuel": fuel,
            "energy": energy,
            "production": [("硅基新材料", m, q, "吨") for m, q in _monthly(product)],
            "economics": [("工业增加值", 58600, "万元")],
        },
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
    process: list[Row] = [
        ("含碳产品", "尿素", "全年", 30000, "t"),
        ("含碳产品", "尿素含碳量", "全年", 20, "%"),
        ("硝酸生产", "硝酸产量", "全年", 50000, "t"),
        ("硝酸生产", "N2O生成因子", "全年", 8.5, "kg/t"),
        ("硝酸生产", "N2O去除率", "全年", 90, "%"),
        ("硝酸生产", "尾气处理装置使用率", "全年", 95, "%"),
        ("CO2回收利用", "回收CO2量", "全年", 5000, "t"),
        ("CO2回收利用", "回收CO2纯度", "全年", 99.5, "%"),
    ]
    return {
        "info": {
            "uscc": complete("91620100MA7GX0002"),
            "name": "甘肃示例化工有限公司",
            "province": "甘肃省",
            "city": "兰州市",
            "region_code": "620100",
            "sector": "化工",
            "year": 2024,
        },
        "tables": {
            "fuel": fuel,
            "energy": energy,
            "process": process,
            "production": [("合成氨", m, q, "t") for m, q in _monthly(product)],
        },
    }


def _gansu_power() -> dict[str, Any]:
    """Two 330 MW coal units with heat supply; carbon content untested in January–March."""
    coal = [131200, 124500, 118300, 102600, 98700, 104200, 116800, 119400, 105300, 103900, 117600, 128900]
    ncv = [20.62, 20.48, 20.71, 20.95, 21.08, 20.87, 20.54, 20.66, 20.91, 21.02, 20.77, 20.58]  # GJ/t
    carbon = [None, None, None, 53.6, 54.1, 53.2, 52.8, 53.4, 54.0, 54.3, 53.7, 53.1]  # % as received
    generated = [268400, 254100, 243800, 212500, 205300, 216900, 242600, 248100, 218700, 215800, 241900, 263500]
    supplied = [round(g * 0.93, 1) for g in generated]  # MWh after auxiliary power
    heat = [412000, 365000, 248000, 96000, 0, 0, 0, 0, 0, 72000, 186000, 398000]  # GJ
    fuel: list[Row] = [
        ("1#、2#机组锅炉", "烟煤", m, q, "t", ncv[m - 1], "GJ/t", None, carbon[m - 1], None, "燃料")
        for m, q in _monthly(coal)
    ]
    fuel += [("启动锅炉", "柴油", "全年", 186, "t", None, None, None, None, None, "燃料")]
    energy: list[Row] = [("购入电力", "全年", 2650, "MWh", None, None)]
    production: list[Row] = [("发电量", m, q, "MWh") for m, q in _monthly(generated)]
    production += [("供电量", m, q, "MWh") for m, q in _monthly(supplied)]
    production += [("供热量", m, q, "GJ") for m, q in _monthly(heat)]
    process: list[Row] = [
        ("机组运行", "供热比", "全年", 8.6, "%"),
        ("脱硫", "石灰石", "全年", 41800, "t"),
        ("脱硫", "石灰石碳酸钙含量", "全年", 91.5, "%"),
    ]
    # 1# supplies all the heat; 2# is air-cooled and condensing only. Their supply adds up to the plant's.
    units: list[Row] = [
        ("1#机组", "300MW等级及以下常规燃煤机组", 330, "水冷", 1_400_000, 1_777_000, 68.5, 16.9),
        ("2#机组", "300MW等级及以下常规燃煤机组", 330, "空冷", round(sum(supplied) - 1_400_000, 1), 0, 63.2, 0),
    ]
    return {
        "info": {
            "uscc": complete("91620100MA7GX0003"),
            "name": "甘肃示例热电有限公司",
            "province": "甘肃省",
            "city": "兰州市",
            "region_code": "620100",
            "sector": "发电",
            "year": 2024,
        },
        "tables": {"fuel": fuel, "energy": energy, "production": production, "process": process, "units": units},
    }


def _qinghai_cement() -> dict[str, Any]:
    """A 4 000 t/d clinker line with carbide slag replacing part of the limestone."""
    clinker = [96500, 88200, 121300, 126800, 131500, 128900, 127400, 129800, 125100, 124300, 110600, 84700]
    coal = [round(c * 0.128, 1) for c in clinker]  # t of bituminous coal
    power = [round(c * 0.062, 1) for c in clinker]  # MWh
    fuel: list[Row] = [("回转窑", "烟煤", m, q, "t", 22.4, "GJ/t", None, None, None, "燃料") for m, q in _monthly(coal)]
    fuel += [("厂内运输车辆", "柴油", "全年", 420, "t", None, None, None, None, None, "燃料")]
    energy: list[Row] = [("购入电力", m, q, "MWh", None, None) for m, q in _monthly(power)]
    production: list[Row] = [("熟料", m, q, "t") for m, q in _monthly(clinker)]
    production += [("水泥", "全年", 1650000, "t")]
    process: list[Row] = [
        ("非碳酸盐替代原料", "电石渣", "全年", 36000, "t"),
        ("生料中非燃料碳", "生料消耗量", "全年", 2260000, "t"),
        ("生料中非燃料碳", "生料中非燃料碳含量", "全年", 0.15, "%"),
    ]
    return {
        "info": {
            "uscc": complete("91630100MA7QH0004"),
            "name": "青海示例水泥有限公司",
            "province": "青海省",
            "city": "海东市",
            "region_code": "630200",
            "sector": "水泥熟料",
            "year": 2025,
        },
        "tables": {"fuel": fuel, "energy": energy, "production": production, "process": process},
    }


def _qinghai_aluminium() -> dict[str, Any]:
    """A 400 kt/a prebaked-anode smelter; anode consumption measured monthly, PFCs at the default."""
    metal = [33900, 30700, 34100, 33000, 34200, 33100, 34000, 34100, 33000, 34200, 33100, 34100]
    anode = [0.408, 0.411, 0.406, 0.409, 0.412, 0.407, 0.410, 0.405, 0.409, 0.411, 0.408, 0.410]  # t/t
    power = [round(a * 13.45, 1) for a in metal]  # MWh: 13 450 kWh/t of aluminium
    fuel: list[Row] = [
        ("铸造炉", "天然气", m, round(a * 0.0028, 2), "万Nm3", None, None, None, None, None, "燃料")
        for m, a in _monthly(metal)
    ]
    energy: list[Row] = [("购入电力", m, q, "MWh", None, None) for m, q in _monthly(power)]
    process: list[Row] = [("阳极消耗", "炭阳极净耗量", m, q, "t/t") for m, q in _monthly(anode)]
    process += [
        ("阳极消耗", "炭阳极含硫量", "全年", 2.1, "%"),
        ("阳极消耗", "炭阳极灰分含量", "全年", 0.35, "%"),
        ("碳酸盐使用", "纯碱", "全年", 220, "t"),
        ("碳酸盐使用", "纯碱纯度", "全年", 98.5, "%"),
    ]
    return {
        "info": {
            "uscc": complete("91630100MA7QH0005"),
            "name": "青海示例铝业有限公司",
            "province": "青海省",
            "city": "西宁市",
            "region_code": "630100",
            "sector": "电解铝",
            "year": 2025,
        },
        "tables": {
            "fuel": fuel,
            "energy": energy,
            "process": process,
            "production": [("原铝", m, q, "t") for m, q in _monthly(metal)],
        },
    }


def _gansu_steel() -> dict[str, Any]:
    """A blast-furnace/converter works; the surplus blast-furnace gas goes to a neighbour's plant."""
    steel = [251200, 232400, 262800, 258100, 264900, 257300, 255600, 259800, 253400, 260100, 248700, 246300]
    coke = [round(s * 0.36, 1) for s in steel]
    pci = [round(s * 0.13, 1) for s in steel]
    power = [round(s * 0.21, 1) for s in steel]  # MWh
    fuel: list[Row] = [("高炉", "焦炭", m, q, "t", None, None, None, None, None, "燃料") for m, q in _monthly(coke)]
    fuel += [("高炉喷吹", "烟煤", m, q, "t", None, None, None, None, None, "燃料") for m, q in _monthly(pci)]
    fuel += [("轧钢加热炉", "天然气", m, 310, "万Nm3", None, None, None, None, None, "燃料") for m in range(1, 13)]
    energy: list[Row] = [("购入电力", m, q, "MWh", None, None) for m, q in _monthly(power)]
    production: list[Row] = [("粗钢", m, q, "t") for m, q in _monthly(steel)]
    production += [("生铁", "全年", 2780000, "t")]
    process: list[Row] = [
        ("熔剂消耗", "石灰石", "全年", 312000, "t"),
        ("熔剂消耗", "白云石", "全年", 118500, "t"),
        ("电极消耗", "电极", "全年", 1460, "t"),
        ("电极消耗", "电极含碳量", "全年", 98.2, "%"),
        ("含碳原料", "外购生铁", "全年", 52000, "t"),
        ("副产煤气外供", "高炉煤气", "全年", 48600, "万Nm3"),
    ]
    return {
        "info": {
            "uscc": complete("91620200MA7GX0006"),
            "name": "甘肃示例钢铁有限公司",
            "province": "甘肃省",
            "city": "嘉峪关市",
            "region_code": "620200",
            "sector": "钢铁",
            "year": 2024,
        },
        "tables": {"fuel": fuel, "energy": energy, "production": production, "process": process},
    }


def _gansu_glass() -> dict[str, Any]:
    """A 600 t/d float-glass line fired with natural gas."""
    glass = [17800, 16100, 18300, 17900, 18400, 17800, 18200, 18300, 17700, 18100, 17600, 18000]
    gas = [round(g * 0.0192, 1) for g in glass]  # 万Nm3
    power = [round(g * 0.085, 1) for g in glass]  # MWh
    fuel: list[Row] = [
        ("熔窑", "天然气", m, q, "万Nm3", None, None, None, None, None, "燃料") for m, q in _monthly(gas)
    ]
    energy: list[Row] = [("购入电力", m, q, "MWh", None, None) for m, q in _monthly(power)]
    process: list[Row] = [
        ("碳酸盐分解", "纯碱", "全年", 44800, "t"),
        ("碳酸盐分解", "纯碱纯度", "全年", 99.2, "%"),
        ("碳酸盐分解", "白云石", "全年", 39600, "t"),
        ("碳酸盐分解", "白云石纯度", "全年", 97.0, "%"),
        ("碳酸盐分解", "石灰石", "全年", 14200, "t"),
        ("碳酸盐分解", "石灰石纯度", "全年", 96.5, "%"),
        ("碳粉氧化", "碳粉", "全年", 310, "t"),
        ("碳粉氧化", "碳粉含碳量", "全年", 85, "%"),
    ]
    return {
        "info": {
            "uscc": complete("91620100MA7GX0007"),
            "name": "甘肃示例玻璃有限公司",
            "province": "甘肃省",
            "city": "兰州市",
            "region_code": "620100",
            "sector": "平板玻璃",
            "year": 2025,
        },
        "tables": {
            "fuel": fuel,
            "energy": energy,
            "process": process,
            "production": [("平板玻璃", m, q, "t") for m, q in _monthly(glass)],
        },
    }


SAMPLES = {
    "qinghai-other": _qinghai_other,
    "gansu-chemicals": _gansu_chemicals,
    "gansu-power": _gansu_power,
    "qinghai-cement": _qinghai_cement,
    "qinghai-aluminium": _qinghai_aluminium,
    "gansu-steel": _gansu_steel,
    "gansu-glass": _gansu_glass,
}


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
