"""Reading a submission workbook (DESIGN 3.1) with calamine, keeping every value's cell.

Structural problems (a missing sheet or column, a value that is not a number, a month that is
not a month) become located :class:`~accounting.issues.Issue` objects; a file that cannot be read
at all raises :class:`~accounting.errors.UnreadableWorkbook` naming it.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np
import python_calamine as calamine

from accounting import ooxml, schema
from accounting.arrays import Coded, frame
from accounting.cells import MAX_TEXT, Place, blank_column, shown, text_of, typed_column
from accounting.errors import UnreadableWorkbook
from accounting.issues import Issue, IssueList
from accounting.submission import SheetTable, Submission, column_letter
from accounting.uscc import problem as uscc_problem
from accounting.vocabulary import province, provinces, suggest

MARKER_SHEET = "_tanhe"  # hidden sheet of templates: the template's name, version and sector

MAX_BYTES = 256 * 1024 * 1024  # no real submission comes near; a larger file is refused
XLS_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # OLE2: legacy .xls, or an encrypted .xlsx
Opened = tuple[calamine.CalamineWorkbook, ooxml.Inspection]


def open_workbook(path: Path) -> Opened:
    """The workbook at ``path`` and what its package holds; UnreadableWorkbook if it cannot be opened."""
    label = str(path)
    if not path.exists():
        raise UnreadableWorkbook("文件不存在", file=label)
    if path.is_dir():
        raise UnreadableWorkbook("这是一个文件夹，不是工作簿", file=label)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableWorkbook("文件为空", file=label)
    if size > MAX_BYTES:
        raise UnreadableWorkbook("文件过大", file=label, found=f"{size} 字节", expected=f"不超过 {MAX_BYTES} 字节")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == XLS_MAGIC:  # an OLE2 container: names its streams in UTF-16 in the first sectors
            directory = fh.read(64 * 1024)
    if head == XLS_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in directory:
            raise UnreadableWorkbook("工作簿已加密，请去除密码后再报送", file=label)
        # BIFF records have no bound tanhe can check before calamine allocates; Excel and WPS save .xlsx
        raise UnreadableWorkbook("旧版 Excel 97–2003（.xls）格式不受支持：请在 Excel 或 WPS 中另存为 .xlsx", file=label)
    if not head.startswith(b"PK") or not zipfile.is_zipfile(path):
        reason = "工作簿已损坏或不完整" if head.startswith(b"PK") else "不是 Excel 工作簿（.xlsx）"
        raise UnreadableWorkbook(reason, file=label)
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    if "xl/workbook.xml" not in names and "content.xml" in names:
        raise UnreadableWorkbook("OpenDocument 表格（.ods）不受支持：请另存为 Excel 工作簿（.xlsx）", file=label)
    inspection = ooxml.inspect(str(path), label)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return calamine.CalamineWorkbook.from_path(str(path)), inspection
        # a workbook named .xls or anything else: calamine picks the reader by the name, so it is given the bytes
        with path.open("rb") as fh:
            return calamine.CalamineWorkbook.from_filelike(fh), inspection
    except calamine.PasswordError as exc:
        raise UnreadableWorkbook("工作簿已加密，请去除密码后再报送", file=label) from exc
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, OSError, ValueError) as exc:
        raise UnreadableWorkbook("工作簿已损坏或不是有效的 Excel 文件", file=label) from exc


def sheet_rows(book: calamine.CalamineWorkbook, name: str, label: str) -> list[list[Any]]:
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several unrelated types for a broken sheet part
        raise UnreadableWorkbook("工作表无法读取", file=label, sheet=name) from exc


def read_submission(path: str | Path, opened: Opened | None = None) -> Submission:
    """Read the workbook at ``path`` (``opened``: already opened by :func:`open_workbook`);
    raise :class:`UnreadableWorkbook` if it cannot be read."""
    path = Path(path)
    label = str(path)
    book, inspection = opened or open_workbook(path)
    issues = IssueList()
    found: dict[str, str] = {}
    if MARKER_SHEET in book.sheet_names:
        _check_marker(sheet_rows(book, MARKER_SHEET, label), issues)
    unnamed: list[tuple[str, schema.Sheet]] = []  # a table's sheet under another name
    for name in book.sheet_names:
        sheet = schema.sheet_for(name)
        if sheet is None:
            if not name.startswith("_") and schema.fold(name) not in ("说明", "instructions", schema.ANNOTATION_SHEET):
                if (table := _table_by_header(book, name)) is not None:
                    unnamed.append((name, table))
                else:
                    issues.append(Issue("sheet-extra", name, value=name))
        elif sheet.key not in found:
            found[sheet.key] = name
        else:  # 化石燃料 and Fuel: which one holds the data is not for tanhe to guess
            issues.append(Issue("sheet-duplicate", name, value=name, expected=found[sheet.key]))
    for name, table in unnamed:
        if table.key in found:
            issues.append(Issue("sheet-duplicate", name, value=name, expected=found[table.key]))
        else:
            issues.append(Issue("sheet-misnamed", name, value=name, expected=table.zh))
    if "info" not in found:
        issues.append(Issue("sheet-missing", schema.INFO.zh, expected=f"{schema.INFO.zh} [{schema.INFO.en}]"))
        info: dict[str, Any] = {}
        cells: dict[str, str] = {}
    else:
        info, cells = _read_info(sheet_rows(book, found["info"], label), found["info"], issues)
    tables = {}
    for sheet in schema.SHEETS[1:]:
        if sheet.key in found:
            rows = sheet_rows(book, found[sheet.key], label)
            tables[sheet.key] = _read_table(sheet, found[sheet.key], rows, issues)
    kept = _formulas(inspection, found, issues.closed())
    _as_shown(path, tables.values())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Submission(label, info, cells, found.get("info", schema.INFO.zh), tables, tuple(kept), digest)


def _as_shown(path: Path, tables: Collection[SheetTable]) -> None:
    """Percent columns: a cell formatted as a percentage holds 0.98 where the user sees and means 98.

    Every workbook reaching here is a zip package (open_workbook refuses the rest)."""
    percent = {
        table.name: {c.key: table.letters[c.key] for c in table.schema.columns if c.percent and c.key in table.letters}
        for table in tables
        if not table.data.empty
    }
    wanted = {name: set(letters.values()) for name, letters in percent.items() if letters}
    styled = ooxml.percent_cells(str(path), wanted) if wanted else {}
    for table in tables:
        shown = styled.get(table.name)
        if not shown:
            continue
        rows = table.data["row"].to_numpy()
        for key, letter in percent[table.name].items():
            formatted = np.fromiter((f"{letter}{r}" in shown for r in rows), bool, len(rows))
            table.data.loc[formatted, key] *= 100


def _table_by_header(book: calamine.CalamineWorkbook, name: str) -> schema.Sheet | None:
    """The table whose header the first row of sheet ``name`` carries (3 of its columns or all), or None."""
    try:
        first = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=1)
    except Exception:  # an unreadable extra sheet is only extra
        return None
    names = set().union(*(schema.header_names(c) for c in first[0] if c != "")) if first else set()
    for sheet in schema.SHEETS[1:]:
        matched = sum(1 for c in sheet.columns if {schema.fold(c.zh), schema.fold(c.en)} & names)
        if matched >= min(3, len(sheet.columns)):
            return sheet
    return None


def _check_marker(rows: list[list[Any]], issues: list[Issue]) -> None:
    """A template older (or newer) than this tanhe's is named, since its layout may differ."""
    fields = {str(r[0]): (n, r[1]) for n, r in enumerate(rows, start=1) if len(r) >= 2}
    if "version" not in fields:
        return
    number, version = fields["version"]
    if str(version).removesuffix(".0") != str(schema.TEMPLATE_VERSION):
        issues.append(
            Issue("template-outdated", MARKER_SHEET, f"B{number}", text_of(version), str(schema.TEMPLATE_VERSION))
        )


def _formulas(inspection: ooxml.Inspection, found: dict[str, str], issues: list[Issue]) -> list[Issue]:
    """Name the formula cells saved without a value, instead of calling them blank."""
    bare = {(sheet, cell) for sheet, cells in inspection.formulas_without_value.items() for cell, _ in cells}
    if not bare:
        return issues
    kept = [i for i in issues if not (i.code in ("value-missing", "unit-missing") and (i.sheet, i.cell) in bare)]
    wanted = set(found.values())
    for sheet, cells in inspection.formulas_without_value.items():
        if sheet in wanted:
            kept.extend(Issue("formula-no-value", sheet, cell, formula) for cell, formula in cells)
    return kept


def _read_info(rows: list[list[Any]], name: str, issues: list[Issue]) -> tuple[dict[str, Any], dict[str, str]]:
    by_name = {}
    for key, zh, en, _ in schema.INFO_FIELDS:
        by_name[schema.fold(zh)] = key
        by_name[schema.fold(en)] = key
    info: dict[str, Any] = {}
    cells: dict[str, str] = {}
    labelled: dict[str, str] = {}  # fields whose label row exists, value or not
    for number, row in enumerate(rows, start=1):
        if len(row) < 2:
            continue
        names = schema.header_names(row[0]) if row[0] != "" else set()
        found = next((by_name[n] for n in names if n in by_name), None)
        if found:
            labelled.setdefault(found, f"B{number}")
        value = row[1].strip() if isinstance(row[1], str) else row[1]
        if found and found not in info and value != "":
            info[found] = value
            cells[found] = f"B{number}"
    for key, zh, en, required in schema.INFO_FIELDS:
        if required and key not in info:
            issues.append(Issue("info-missing", name, labelled.get(key, ""), expected=f"{zh} [{en}]"))
    _check_info(info, cells, name, issues)
    return info, cells


def _check_info(info: dict[str, Any], cells: dict[str, str], name: str, issues: list[Issue]) -> None:
    if "year" in info:
        try:
            year = int(float(info["year"]))
            if not 1990 <= year <= 2100 or float(info["year"]) != year:
                raise ValueError
            info["year"] = year
        except (TypeError, ValueError, OverflowError):  # inf as a year
            issues.append(Issue("year-invalid", name, cells["year"], info.pop("year")))
    if "sector" in info:
        sector = schema.lookup(schema.SECTORS, info["sector"])
        if sector is None:
            choices = "、".join(f"{zh} {en}" for zh, en in schema.SECTORS.items())
            issues.append(Issue("sector-unknown", name, cells["sector"], info.pop("sector"), choices))
        else:
            info["sector"] = sector
    for key in ("uscc", "name", "province", "city", "region_code"):
        if key in info and not isinstance(info[key], str):
            value = info[key]
            info[key] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if key in info and len(info[key]) > MAX_TEXT:
            issues.append(Issue("text-too-long", name, cells[key], shown(info.pop(key)), str(MAX_TEXT)))
    if "uscc" in info and (why := uscc_problem(info["uscc"])):
        issues.append(Issue("uscc-invalid", name, cells["uscc"], info["uscc"], why))
    found = province(info["province"]) if "province" in info else None
    if "province" in info and found is None:
        names = [p.name for p in provinces()]
        issues.append(
            Issue("province-unknown", name, cells["province"], info["province"], suggest(info["province"], names))
        )
    if "region_code" in info:
        code = info["region_code"].strip()
        if not (len(code) == 6 and code.isdigit()):
            issues.append(Issue("region-code-invalid", name, cells["region_code"], code, "应为 6 位数字（GB/T 2260）"))
        elif found is not None and code[:2] != found.code:
            issues.append(
                Issue(
                    "region-code-invalid", name, cells["region_code"], code, f"{found.name}的代码以 {found.code} 开头"
                )
            )


def _header(sheet: schema.Sheet, row: list[Any], name: str, issues: list[Issue]) -> dict[str, int]:
    wanted = {}
    for column in sheet.columns:
        wanted[schema.fold(column.zh)] = column.key
        wanted[schema.fold(column.en)] = column.key
    positions: dict[str, int] = {}
    for index, cell in enumerate(row):
        if cell == "":
            continue
        key = next((wanted[n] for n in schema.header_names(cell) if n in wanted), None)
        if key is None:
            issues.append(Issue("column-extra", name, f"{column_letter(index)}1", str(cell)))
        elif key not in positions:
            positions[key] = index
    for column in sheet.columns:
        if column.required and column.key not in positions:
            issues.append(Issue("column-missing", name, "", expected=f"{column.zh} [{column.en}]"))
    return positions


def _read_table(sheet: schema.Sheet, name: str, rows: list[list[Any]], issues: list[Issue]) -> SheetTable:
    positions = _header(sheet, rows[0] if rows else [], name, issues)
    body = rows[1:]
    # calamine rows are rectangular: one 2-D object array, whose columns are views
    grid = np.array(body, dtype=object) if body else np.empty((0, 0), dtype=object)
    if grid.ndim != 2:  # ragged rows: should not happen with calamine, but never crash on it
        width = max(map(len, body))
        grid = np.array([list(r) + [""] * (width - len(r)) for r in body], dtype=object)
    raw = {
        key: grid[:, i] if i < grid.shape[1] else np.full(len(grid), "", dtype=object) for key, i in positions.items()
    }
    used = [i for i in positions.values() if i < grid.shape[1]]
    keep = np.flatnonzero((grid[:, used] != "").any(axis=1)) if used else np.empty(0, dtype=np.int64)
    data: dict[str, Any] = {"row": keep + 2}
    letters = {key: column_letter(i) for key, i in positions.items()}
    coded: dict[str, Coded] = {}  # the text columns, factorised while they are read
    for column in sheet.columns:
        if column.key in raw:
            place = Place(name, letters[column.key], data["row"])
            data[column.key] = typed_column(column, raw[column.key][keep], place, issues, coded)
        else:  # an absent column reads as blank (a required one is reported missing above)
            data[column.key] = blank_column(column, len(keep))
    return SheetTable(sheet, name, letters, frame(data), _coded=coded)
