"""The demo's budgets: each of the synthetic province's regions gets a carbon and an energy budget
for the last year, set from what its stored enterprises used the year before times a factor of the
region's own (some generous, some tight), so that the budget report has every warning level."""

from __future__ import annotations

from pathlib import Path

from accounting.planning.budgets import MEASURES, write_budget
from accounting.planning.execution import COLUMN, monthly_use
from accounting.province import CITIES, PROVINCE
from accounting.store import Store

# the budget over last year's use, per region
FACTORS = {PROVINCE: 1.04, "西宁市": 1.10, "海东市": 0.97, "海西蒙古族藏族自治州": 1.03, "海南藏族自治州": 1.15}
SOURCE = "演示预算：上年入库用量 × 地区系数（合成，非真实下达文件）"


def budget_workbook(store: Store, year: int, folder: Path) -> Path:
    """The budget workbook of ``year`` for the demo province, from the store's data of the year before."""
    use = monthly_use(store, [year - 1])
    rows = []
    for region, parent in [(PROVINCE, ""), *((city, PROVINCE) for city, _ in CITIES)]:
        mine = use[(use["province"] == region) | (use["city"] == region)]
        for measure, (name, _, _, usual) in MEASURES.items():
            value = round(float(mine[COLUMN[measure]].sum()) * FACTORS[region] / 1e4, 2)  # 万吨, 万吨标准煤
            rows.append((region, parent, year, name, value, usual, SOURCE))
    folder.mkdir(parents=True, exist_ok=True)
    return write_budget(folder / f"{year}年度碳排放与能耗预算.xlsx", rows)


def project_workbooks(folder: Path, year: int) -> list[Path]:
    """Two projects for the demo province, invented: a clinker line planned in 海东市 (a city behind
    its energy-intensity pathway) whose offered closure covers about half its energy, and an
    aluminium line under construction in 西宁市 whose retrofits cover all of it."""
    from accounting import calculate, read_submission
    from accounting.planning.projects import write_project
    from accounting.province import enterprise
    from accounting.schema import SECTORS
    from accounting.uscc import complete

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    specs = (  # (number, sample, city number in CITIES, size, status, product, capacity, share of it offered)
        ("QH-2026-001", "qinghai-cement", 1, 1.2, "planned", "熟料", 1_500_000, 0.5),
        ("QH-2025-007", "qinghai-aluminium", 0, 0.6, "building", "电解铝", 150_000, 1.05),
    )
    for k, (number, sample, city_index, size, status, product, capacity, share) in enumerate(specs, start=1):
        data = enterprise(90 + k, sample, size, 1.0, 0.0, year)
        city, code = CITIES[city_index]
        info = {
            **data["info"],
            "uscc": complete(f"91{code}MA7PJ{k:04d}"),
            "name": f"示例{city[:2]}新建项目{k}有限公司",
            "city": city,
            "region_code": code,
            "year": year,
        }
        sector = SECTORS[info["sector"]]
        path = folder / f"{number}.xlsx"
        project = {
            "project_id": number,
            "name": f"{city[:2]}{product}项目（演示）",
            "status": status,
            "product": product,
            "capacity": capacity,
            "start_year": year,
            "applied": f"{year - 1}-06-30",
        }
        write_project(path, sector, info, data["tables"], project)
        result = calculate(read_submission(path))
        offers = [
            (
                f"示例{city[:2]}旧线{n}（合成）",
                complete(f"91{code}MA7QL{k}{n:03d}"),
                measure,
                round(result.energy.tce * share * part, 0),
                round(result.tco2e * share * part, 0),
                "演示：关停或改造承诺（合成）",
            )
            for n, (measure, part) in enumerate((("关停", 0.7), ("改造", 0.3)), start=1)
        ]
        written.append(write_project(path, sector, info, data["tables"], project, offers))
    return written


# the demo province's energy balance (physical units as the yearbook prints them), invented: fuel,
# unit, then the columns of accounting.planning.inventory.USES in order (power, heat, agriculture,
# industry, feedstock, construction, transport, commerce, other, household, imported, exported)
BALANCE = (
    ("原煤", "万吨", 950, 120, 5, 700, 40, 3, None, 6, 10, 80, None, None),
    ("焦炭", "万吨", None, None, None, 260, None, None, None, None, None, None, None, None),
    ("天然气", "亿Nm3", 6, 8, None, 25, 2, 1, 3, 4, 1, 10, None, None),
    ("汽油", "万吨", None, None, 3, 4, None, 2, 110, 3, 2, None, None, None),
    ("柴油", "万吨", None, None, 18, 30, None, 6, 190, 4, 3, None, None, None),
    ("燃料油", "万吨", None, None, None, 5, None, None, 2, None, None, None, None, None),
    ("液化石油气", "万吨", None, None, None, 3, None, None, 1, 4, 1, 14, None, None),
    ("电力", "亿千瓦时", None, None, None, None, None, None, None, None, None, None, 120, 560),
)


def balance_workbook(folder: Path, year: int) -> Path:
    """The demo province's energy balance of ``year`` (invented figures)."""
    from accounting.planning.inventory import write_balance

    folder.mkdir(parents=True, exist_ok=True)
    return write_balance(folder / f"{year}年能源平衡表（演示）.xlsx", PROVINCE, year, BALANCE)
