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
