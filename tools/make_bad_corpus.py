"""Write the corpus of bad submissions under tests/data/bad/ (run: python tools/make_bad_corpus.py).

One workbook per issue code: a complete, valid submission (12 months of coal, electricity and
output) with one mistake planted. What each must produce is written by hand in
tests/data/bad/expected.toml, not taken from tanhe's output. Unreadable files go to
tests/data/bad/unreadable/. The encrypted case needs msoffcrypto-tool (pip install
msoffcrypto-tool), used only here.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from accounting.template import write_template
from accounting.uscc import complete

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "bad"

USCC = complete("91630100MA7QH0001")
WRONG_USCC = USCC[:17] + ("0" if USCC[17] != "0" else "1")
INFO = {
    "uscc": USCC,
    "name": "校验样例有限公司",
    "province": "青海省",
    "city": "西宁市",
    "region_code": "630100",
    "sector": "其他",
    "year": 2023,
}  # 2023: the latest year with its own grid factors


def base() -> dict[str, Any]:
    """Rows 2–13 of each table are months 1–12; a planted 13th row lands on row 14."""
    fuel = [["锅炉", "烟煤", m, 100, "吨", None, None, None, None, None, "燃料"] for m in range(1, 13)]
    energy = [["购入电力", m, 50, "MWh", None, None] for m in range(1, 13)]
    production = [["产品A", m, 200, "吨"] for m in range(1, 13)]
    return {"info": dict(INFO), "sector": "other", "tables": {"fuel": fuel, "energy": energy, "production": production}}


Case = Callable[[dict[str, Any]], None]
Edit = Callable[[Any], None]  # on the openpyxl workbook after writing


def _fuel(row: list[Any]) -> Case:
    return lambda s: s["tables"]["fuel"].append(row)


def _energy(row: list[Any]) -> Case:
    return lambda s: s["tables"]["energy"].append(row)


def _set(table: str, row: int, column: int, value: Any) -> Case:
    """Set a cell of the data (row and column as Excel numbers them, 1-based)."""

    def apply(s: dict[str, Any]) -> None:
        s["tables"][table][row - 2][column - 1] = value

    return apply


def _info(**values: Any) -> Case:
    return lambda s: s["info"].update(values)


def _drop(table: str, month: int) -> Case:
    def apply(s: dict[str, Any]) -> None:
        s["tables"][table] = [r for r in s["tables"][table] if r[1 if table != "fuel" else 2] != month]

    return apply


def _both(*cases: Case) -> Case:
    def apply(s: dict[str, Any]) -> None:
        for case in cases:
            case(s)

    return apply


def _units_sheet(row: list[Any]) -> Edit:
    """A 机组信息 sheet (a power plant's units) with one row, added to the workbook."""

    def edit(book: Any) -> None:
        sheet = book.create_sheet("机组信息")
        sheet.append(["机组", "机组类别", "装机容量", "冷却方式", "供电量", "供热量", "负荷系数", "供热比"])
        sheet.append(row)

    return edit


def _edit_cell(sheet: str, cell: str, value: Any) -> Edit:
    def apply(book: Any) -> None:
        book[sheet][cell] = value

    return apply


def _remove_sheet(name: str) -> Edit:
    return lambda book: book.remove(book[name])


def _add_sheet(name: str) -> Edit:
    return lambda book: book.create_sheet(name).append(["随便写点什么"])


def _rename_sheet(name: str, new: str) -> Edit:
    return lambda book: setattr(book[name], "title", new)


def _copy_sheet(name: str, new: str) -> Edit:
    return lambda book: setattr(book.copy_worksheet(book[name]), "title", new)


def _delete_column(sheet: str, index: int) -> Edit:
    return lambda book: book[sheet].delete_cols(index)


COAL = ["窑炉", "烟煤", "全年", 50, "吨", None, None, None, None, None, "燃料"]


def _coal(**changes: Any) -> list[Any]:
    keys = [
        "source",
        "fuel",
        "month",
        "quantity",
        "unit",
        "ncv",
        "ncv_unit",
        "carbon_per_heat",
        "carbon_fraction",
        "oxidation",
        "use",
        "carbon_basis",
        "moisture_ar",
        "moisture_ad",
    ]
    row = list(COAL) + [None] * (len(keys) - len(COAL))
    for key, value in changes.items():
        row[keys.index(key)] = value
    return row


def _sector(sector: str, key: str, year: int, product: str, unit: str = "吨") -> Case:
    """The base made a submission of ``sector`` (Chinese name) with its product in every month."""

    def apply(s: dict[str, Any]) -> None:
        s["info"].update(sector=sector, year=year)
        s["sector"] = key
        for row in s["tables"]["production"]:
            row[0], row[3] = product, unit

    return apply


def _process(*rows: tuple[Any, ...]) -> Case:
    return lambda s: s["tables"].update(process=[list(r) for r in rows])


def _gas_fired(s: dict[str, Any]) -> None:
    for row in s["tables"]["fuel"]:
        row[1], row[3], row[4] = "天然气", 10, "万Nm3"


CEMENT = _sector("水泥熟料", "cement", 2023, "熟料")
POWER = _sector("发电", "power", 2021, "供电量", "MWh")
CAO = ("熟料煅烧", "熟料中CaO含量", "全年", 65, "%")
MGO = ("熟料煅烧", "熟料中MgO含量", "全年", 2, "%")

CASES: dict[str, tuple[Case | None, Edit | None]] = {
    "sheet-missing": (None, _remove_sheet("基本信息")),
    "sheet-extra": (None, _add_sheet("备注")),
    "column-missing": (None, _delete_column("化石燃料", 4)),
    "column-extra": (None, _edit_cell("化石燃料", "L1", "备注")),
    "info-missing": (_info(name=None), None),
    "year-invalid": (_info(year="二〇二五"), None),
    "sector-unknown": (_info(sector="钢材"), None),
    "value-missing": (_set("fuel", 5, 4, None), None),
    "not-a-number": (_set("fuel", 5, 4, "一百"), None),
    "number-out-of-range": (_set("fuel", 5, 4, 1e308), None),
    "text-too-long": (_info(name="碳" * 201), None),
    "sheet-misnamed": (None, _rename_sheet("化石燃料", "化石燃料(2)")),  # Excel's name for a copy
    "sheet-duplicate": (None, _copy_sheet("化石燃料", "Fuel")),
    "negative-quantity": (_set("fuel", 5, 4, -100), None),
    "month-invalid": (_set("fuel", 5, 3, 13), None),
    "fuel-unknown": (_fuel(_coal(fuel="烟媒")), None),
    "fuel-use-unknown": (_fuel(_coal(use="燃烧")), None),
    "energy-type-unknown": (_energy(["购入电", "全年", 10, "MWh", None, None]), None),
    "unit-unknown": (_fuel(_coal(unit="吨吨")), None),
    "unit-mismatch": (_fuel(_coal(unit="MWh")), None),
    "unit-missing": (_fuel(_coal(unit=None)), None),
    "ncv-unit-assumed": (_fuel(_coal(ncv=20.1)), None),
    "volume-assumed-standard": (_fuel(_coal(fuel="天然气", unit="立方米")), None),
    "carbon-fraction-not-mass": (_fuel(_coal(fuel="天然气", quantity=5, unit="万Nm3", carbon_fraction=70)), None),
    "steam-pressure-missing": (_energy(["购入热力", "全年", 100, "吨", None, None]), None),
    "steam-state-ambiguous": (_energy(["购入热力", "全年", 100, "吨", 1.0, 180]), None),
    "steam-out-of-table": (_energy(["购入热力", "全年", 100, "吨", 50, None]), None),
    "factor-missing": (_info(province="西藏自治区", region_code=None), None),
    "factor-uncertain": (_fuel(_coal(fuel="洗精煤")), None),
    "template-outdated": (None, _edit_cell("_tanhe", "B2", 0)),
    "formula-no-value": (None, _edit_cell("化石燃料", "D5", "=50*2")),
    "province-unknown": (_info(province="青海x"), None),
    "uscc-invalid": (_info(uscc=WRONG_USCC), None),
    "region-code-invalid": (_info(region_code="63010"), None),
    "product-unknown": (
        _both(
            _info(sector="水泥熟料", year=2023),
            lambda s: s.update(sector="cement"),
            lambda s: [r.__setitem__(0, "熟料") for r in s["tables"]["production"]],
            lambda s: s["tables"]["production"].append(["熟料X", "全年", 10, "吨"]),
        ),
        None,
    ),
    "process-unknown": (lambda s: s["tables"].update(process=[["碳酸盐分解", "石灰石", "全年", 100, "t"]]), None),
    "parameter-unknown": (lambda s: s["tables"].update(process=[["碳酸盐使用", "石灰岩", "全年", 100, "t"]]), None),
    "value-not-positive": (_fuel(_coal(ncv=0, ncv_unit="GJ/t")), None),
    "percent-as-fraction": (_fuel(_coal(oxidation=0.95)), None),
    "percent-over-100": (_fuel(_coal(oxidation=120)), None),
    "parameter-implausible": (_fuel(_coal(ncv=50, ncv_unit="GJ/t")), None),
    "parameter-impossible": (_fuel(_coal(ncv=5350, ncv_unit="GJ/t")), None),
    "carbon-basis-unknown": (_fuel(_coal(carbon_fraction=55, carbon_basis="湿基")), None),
    "carbon-basis-moisture-missing": (_fuel(_coal(carbon_fraction=55, carbon_basis="空干基", moisture_ar=10)), None),
    "factor-year-substituted": (_info(year=2025), None),
    "unit-category-unknown": (None, _units_sheet(["1#", "亚临界机组", 300, "水冷", 1_000_000, 0, 80, 0])),
    "cooling-unknown": (None, _units_sheet(["1#", "燃气机组", 300, "风冷", 1_000_000, 0, 80, 0])),
    "month-annual-mixed": (_fuel(["锅炉", "烟煤", "全年", 100, "吨", None, None, None, None, None, "燃料"]), None),
    "row-duplicate": (_fuel(["锅炉", "烟煤", 1, 100, "吨", None, None, None, None, None, "燃料"]), None),
    "row-repeated": (_fuel(["锅炉", "烟煤", 1, 30, "吨", None, None, None, None, None, "燃料"]), None),
    "months-missing": (_drop("fuel", 12), None),
    "month-jump": (_set("fuel", 7, 4, 400), None),
    "production-without-energy": (_both(_drop("fuel", 5), _drop("energy", 5)), None),
    "energy-without-production": (_drop("production", 5), None),
    "process-parameter-missing": (
        _both(_sector("平板玻璃", "glass", 2023, "平板玻璃"), _process(("碳粉氧化", "碳粉", "全年", 10, "t"))),
        None,
    ),
    "process-production-missing": (_both(_sector("水泥熟料", "cement", 2023, "水泥"), _process(CAO, MGO)), None),
    "process-parameter-unused": (
        _both(CEMENT, _process(CAO, MGO, ("非碳酸盐替代原料", "电石渣", "全年", 100, "t"))),
        None,
    ),
    "process-value-inconsistent": (
        _both(
            CEMENT,
            _process(
                CAO, ("熟料煅烧", "熟料中MgO含量", "全年", 1, "%"), ("熟料煅烧", "非碳酸盐MgO含量", "全年", 3, "%")
            ),
        ),
        None,
    ),
    "process-parameter-implausible": (
        _both(CEMENT, _process(("熟料煅烧", "熟料中CaO含量", "全年", 6.5, "%"), MGO)),
        None,
    ),
    "process-excluded": (_both(POWER, _gas_fired, _process(("脱硫", "石灰石", "全年", 100, "t"))), None),
    "carbon-high-default": (
        _both(POWER, lambda s: [r.__setitem__(8, 52) for r in s["tables"]["fuel"]], _set("fuel", 5, 9, None)),
        None,
    ),
    "heat-ratio-missing": (
        _both(POWER, _gas_fired, lambda s: s["tables"]["production"].append(["供热量", "全年", 1000, "GJ"])),
        None,
    ),
    "co2-recovery-deducted": (
        _both(
            _sector("化工", "chemicals", 2023, "产品A"),
            _process(("CO2回收利用", "回收CO2量", "全年", 100, "t"), ("CO2回收利用", "回收CO2纯度", "全年", 99, "%")),
        ),
        None,
    ),
}


def write_case(name: str) -> Path:
    case, edit = CASES[name]
    sample = copy.deepcopy(base())
    if case:
        case(sample)
    info = {k: v for k, v in sample["info"].items() if v is not None}
    path = OUT / f"{name}.xlsx"
    write_template(path, sample["sector"], info, sample["tables"])
    if edit:
        book = load_workbook(path)
        edit(book)
        book.save(path)
    return path


def write_base() -> Path:
    sample = base()
    return write_template(OUT / "valid.xlsx", sample["sector"], sample["info"], sample["tables"])


def write_unreadable() -> None:
    out = OUT / "unreadable"
    out.mkdir(parents=True, exist_ok=True)
    good = write_base().read_bytes()
    (out / "empty.xlsx").write_bytes(b"")
    (out / "not-a-workbook.xlsx").write_bytes(bytes(range(256)) * 4)
    (out / "csv-renamed.xlsx").write_text(f"统一社会信用代码,企业名称\n{USCC},校验样例有限公司\n", encoding="utf-8")
    (out / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    with zipfile.ZipFile(out / "zip-without-workbook.xlsx", "w") as z:
        z.writestr("readme.txt", "这不是工作簿")
    _huge_sheet(out / "huge-sheet.xlsx", good)
    _encrypted(out / "encrypted.xlsx", good)


def _huge_sheet(path: Path, good: bytes) -> None:
    """A valid package whose 化石燃料 sheet has a cell at XFD1048576: a rectangle of 17 billion cells."""
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
                )
            dst.writestr(item, data)


def _encrypted(path: Path, good: bytes) -> None:
    import msoffcrypto  # only for writing the corpus
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(good)).encrypt("tanhe", encrypted)
    path.write_bytes(encrypted.getvalue())
    assert msoffcrypto.olefile.isOleFile(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_base()
    for name in sys.argv[1:] or CASES:  # the cases named, else all of them
        write_case(name)
    if not sys.argv[1:]:
        write_unreadable()
    print(f"{len(CASES)} cases and the unreadable files written to {OUT}")


if __name__ == "__main__":
    main()
