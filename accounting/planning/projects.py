"""The project workbook of a new (拟建), building (在建) or existing (存量) 两高 project: the sector's
submission template filled with the project's design year (fuel, electricity and heat, process and
production, by month or for the whole year), and two sheets more:

- 项目: the project's number, name, status, main product, design capacity, first year of production
  and the date of the application (a row per field: 项目 | 内容);
- 替代来源: the reductions offered to replace its energy and emissions (能耗等量减量替代, 碳排放减量替代):
  the enterprise that closes or retrofits, the measure, tce and tCO2 a year, and the evidence.

The engine calculates the design year as it calculates a submission (same methods and factors). The
store keeps a project by its number, a version per file, like any other record; ``tanhe report
projects`` lists the ledger (台账), ``tanhe report project`` assesses one workbook.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill

from accounting import plainbook as pb
from accounting.errors import InvalidSubmission
from accounting.issues import Issue, ValidationReport
from accounting.reader import Opened, open_workbook, read_submission
from accounting.result import Result
from accounting.store.record import Prepared
from accounting.submission import Submission
from accounting.template import build_template
from accounting.workbook import put_value, save_atomically

PROJECT, OFFERS = "项目", "替代来源"
STATUSES = {"拟建": "planned", "在建": "building", "存量": "existing"}
FIELDS = (  # key, 中文, English, required
    ("project_id", "项目编号", "Project number", True),
    ("name", "项目名称", "Project name", True),
    ("status", "项目状态", "Status (拟建 / 在建 / 存量)", True),
    ("product", "主要产品", "Main product", True),
    ("capacity", "设计产能（吨/年）", "Design capacity (t/a)", True),
    ("start_year", "计划投产年份", "First year of production", False),
    ("applied", "申报日期", "Date of application (YYYY-MM-DD)", False),
)
OFFER_COLUMNS = [
    ("来源单位", "Enterprise", 24),
    ("统一社会信用代码", "USCC", 22),
    ("措施", "Measure (关停 / 改造)", 12),
    ("减少能耗（tce/年）", "Energy saved (tce/a)", 16),
    ("减少排放（tCO2/年）", "CO2 avoided (tCO2/a)", 16),
    ("依据", "Evidence", 30),
]


@dataclass(frozen=True)
class Offer:
    row: int
    name: str
    uscc: str
    measure: str
    tce: float
    tco2: float
    evidence: str


@dataclass(frozen=True)
class Project:
    project_id: str
    name: str
    status: str  # planned | building | existing
    product: str
    capacity: float
    start_year: int | None
    applied: str
    offers: tuple[Offer, ...]
    submission: Submission  # the design year, as the engine reads a submission


def is_project(sheet_names: Sequence[str]) -> bool:
    return PROJECT in sheet_names


def _fields(book: Any, label: str, issues: list[Issue]) -> dict[str, Any]:
    rows = pb.body(book, PROJECT, label, 2)
    by_label = {pb.text(k): (n, v) for n, (k, v) in rows}
    out: dict[str, Any] = {}
    for key, zh, _, required in FIELDS:
        n, value = by_label.get(zh, (None, None))
        where = f"B{n}" if n else "A2"
        if pb.text(value) == "":
            if required:
                issues.append(Issue("value-missing", PROJECT, where, expected=zh))
            continue
        if key == "capacity":
            number = pb.number(value, PROJECT, where, issues)
            if number is not None and number <= 0:
                issues.append(Issue("value-not-positive", PROJECT, where, pb.text(value), zh))
                number = None
            out[key] = number
        elif key == "start_year":
            out[key] = pb.year(value, PROJECT, where, issues)
        elif key == "status":
            if pb.text(value) not in STATUSES:
                issues.append(Issue("indicator-unknown", PROJECT, where, pb.text(value), "、".join(STATUSES)))
            out[key] = STATUSES.get(pb.text(value))
        else:
            out[key] = pb.text(value)[:10] if key == "applied" else pb.text(value)
    return out


def _offers(book: Any, label: str, issues: list[Issue]) -> list[Offer]:
    found = []
    for n, (name, uscc, measure, tce, tco2, evidence) in pb.body(book, OFFERS, label, len(OFFER_COLUMNS)):
        if not pb.text(name):
            issues.append(Issue("value-missing", OFFERS, pb.cell(1, n)))
        amounts: list[float | None] = []
        for col, value in ((4, tce), (5, tco2)):
            if pb.text(value) == "":
                amounts.append(0.0)
                continue
            number = pb.number(value, OFFERS, pb.cell(col, n), issues)
            if number is not None and number < 0:
                issues.append(Issue("negative-quantity", OFFERS, pb.cell(col, n), pb.text(value)))
                number = None
            amounts.append(number)
        if pb.text(name) and None not in amounts:
            found.append(
                Offer(
                    n,
                    pb.text(name),
                    pb.text(uscc).upper(),
                    pb.text(measure),
                    float(amounts[0] or 0.0),
                    float(amounts[1] or 0.0),
                    pb.text(evidence),
                )
            )
    return found


def read_project(path: str | Path, opened: Opened | None = None) -> Project:
    """The project of a workbook; raises InvalidSubmission listing every problem of its two sheets.
    The design year's own problems are the engine's to find (:func:`accounting.calculate`)."""
    label = str(path)
    opened = opened or open_workbook(Path(path))
    book = opened[0]
    issues: list[Issue] = []
    fields = _fields(book, label, issues)
    offers = _offers(book, label, issues)
    report = ValidationReport(label, tuple(issues))
    if not report.valid:
        raise InvalidSubmission(report, file=label)
    submission = read_submission(path, opened)
    own = (PROJECT, OFFERS)
    submission = dataclasses.replace(
        submission, issues=tuple(i for i in submission.issues if not (i.code == "sheet-extra" and i.sheet in own))
    )
    return Project(
        fields["project_id"],
        fields["name"],
        fields["status"],
        fields["product"],
        float(fields["capacity"]),
        fields.get("start_year"),
        fields.get("applied", ""),
        tuple(offers),
        submission,
    )


def write_project(
    path: str | Path,
    sector: str,
    info: Mapping[str, Any] | None = None,
    tables: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    project: Mapping[str, Any] | None = None,
    offers: Sequence[Sequence[Any]] = (),
) -> Path:
    """The project workbook of ``sector``: its submission template (``info``, ``tables`` as for
    :func:`accounting.write_template`) with the sheets 项目 (``project`` by field key) and 替代来源."""
    book = build_template(sector, info, tables)
    head = PatternFill("solid", fgColor="1F4E79")
    sheet = book.create_sheet(PROJECT, 1)
    for c, (text, width) in enumerate((("项目\nField", 26), ("内容\nValue", 40), ("说明\nIn English", 36)), start=1):
        cell = sheet.cell(1, c, text)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), head
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
        sheet.column_dimensions["ABC"[c - 1]].width = width
    project = project or {}
    for r, (key, zh, en, required) in enumerate(FIELDS, start=2):
        sheet.cell(r, 1, zh).font = Font(bold=required)
        value = project.get(key)
        if key == "status" and value in STATUSES.values():
            value = next(zh for zh, k in STATUSES.items() if k == value)
        put_value(sheet.cell(r, 2), value)
        sheet.cell(r, 3, en + ("" if required else "（选填 optional）"))
    offer_sheet = book.create_sheet(OFFERS, 2)
    for c, (zh, en, width) in enumerate(OFFER_COLUMNS, start=1):
        cell = offer_sheet.cell(1, c, f"{zh}\n{en}")
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), head
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
        offer_sheet.column_dimensions[pb.cell(c, 1)[0]].width = width
    for r, row in enumerate(offers, start=2):
        for c, value in enumerate(row, start=1):
            put_value(offer_sheet.cell(r, c), value)
    return save_atomically(book, Path(path))


def prepare_project(
    path: Path, content: bytes, opened: Opened, calculate_design: Callable[[Submission], Result]
) -> Prepared:
    """The store's record of a project workbook: a version of its project number, with its design
    year's totals (as ``calculate_design`` calculates it: :func:`accounting.calculate` with the
    ingest's options) and its offers."""
    project = read_project(path, opened)
    sha = hashlib.sha256(content).hexdigest()
    result = calculate_design(project.submission)
    e = result.enterprise
    output = sum(p.quantity for p in result.production if p.product == project.product)
    record = {
        "project_id": project.project_id,
        "sha256": sha,
        "file_name": path.name,
        "name": project.name,
        "uscc": e.uscc,
        "enterprise": e.name,
        "province": e.province,
        "city": e.city or "",
        "sector": e.sector,
        "status": project.status,
        "product": project.product,
        "capacity": project.capacity,
        "output": float(output),
        "start_year": project.start_year,
        "applied": project.applied,
        "year": int(result.year),
        "tco2e": float(result.tco2e),
        "tce": float(result.energy.tce),
    }
    offers = [(o.row, o.name, o.uscc, o.measure, o.tce, o.tco2, o.evidence) for o in project.offers]
    return Prepared(str(path), sha, content, "project", record, {"project_offers": offers})
