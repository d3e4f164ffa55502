"""The demo province's monitoring chain for its last year: monthly deposits with evidence, the grid
company's electricity, and verifications by two bodies, each arriving when it would in practice.

The enterprises of the national carbon market's sectors (power, cement, aluminium, steel) deposit
every month, each deposit within the deadline except: one power plant deposits March late, one cement
plant never deposits July, and one power plant's December deposit says 5 % less coal than its annual
report will (the reconciliation finds it). The grid company's export has one cement plant's March
6 % above what the plant deposited (the power plants report their electricity for the whole year).
After the annual reports, body 甲 verifies the power plants (finding one month's coal carbon content
non-conforming: the high default replaces it) and body 乙 the others (everything conforming, one
report signed after the deadline). All invented for the demonstration, and said so.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from accounting import schema
from accounting.chain.deposit_template import write_deposit_template
from accounting.chain.verification_sheet import write_verification_template
from accounting.province import MONTH_COLUMN, YEARS, enterprise, plans
from accounting.samples import SAMPLES
from accounting.store import Store

POWER = "gansu-power"
MARKET = (POWER, "qinghai-cement", "qinghai-aluminium", "gansu-steel")  # samples of the market's sectors
BODIES = ("青海甲碳核查技术服务有限公司（演示）", "青海乙节能环保咨询有限公司（演示）")


def _chosen(seed: int) -> list[tuple[int, str, float, float, float]]:
    """The enterprises of the national carbon market that report the last year: the power plants first,
    then the cement, aluminium and steel plants (the one that does not report its last year left out)."""
    every = plans(seed)
    absent = every[3][0]
    market = [p for p in every if p[1] in MARKET and p[0] != absent]
    return sorted(market, key=lambda p: (MARKET.index(p[1]), p[0]))


def _data(plan: tuple[int, str, float, float, float], seed: int) -> dict[str, Any]:
    """An enterprise's last year as it reports it: the one that corrects its annual report deposited,
    and bought from the grid, what the correction says (:func:`accounting.province.generate`)."""
    n, sample, size, growth, saving = plan
    corrected = plans(seed)[1][0]
    return enterprise(n, sample, size * (1.02 if n == corrected else 1.0), growth, saving, YEARS[-1])


def _at(day: date, hour: int = 2) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat(timespec="seconds")


def _pdf(text: str) -> bytes:
    """A one-page PDF standing in for a lab report (ASCII text; its bytes are what the store keeps)."""
    stream = f"BT /F1 12 Tf 50 780 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def deposits(folder: Path, seed: int = 2025) -> Iterator[tuple[Path, str]]:
    """Write the year's deposits (and their lab reports); yield each with the time it is received."""
    year = YEARS[-1]
    chosen = _chosen(seed)
    late, gap, differs = chosen[1][0], chosen[3][0], chosen[2][0]
    for plan in chosen:
        n, sample = plan[0], plan[1]
        data = _data(plan, seed)
        sector = schema.SECTORS[SAMPLES[sample]()["info"]["sector"]]
        uscc = data["info"]["uscc"]
        for month in range(1, 13):
            if n == gap and month == 7:
                continue
            tables = {
                k: [r for r in data["tables"].get(k, []) if r[MONTH_COLUMN[k]] == month]
                for k in ("fuel", "energy", "production")
            }
            if n == differs and month == 12:  # 5 % less coal than the annual report will say
                tables["fuel"] = [
                    (*r[:3], round(r[3] * 0.95, 2), *r[4:]) if r[1] == "烟煤" else r for r in tables["fuel"]
                ]
            where = folder / uscc
            where.mkdir(parents=True, exist_ok=True)
            lab = f"{uscc}_{year}-{month:02d}_化验报告.pdf"
            (where / lab).write_bytes(_pdf(f"Lab report {uscc} {year}-{month:02d} (demo, invented)"))
            path = write_deposit_template(
                where / f"{uscc}_{year}-{month:02d}_月度存证.xlsx",
                sector,
                data["info"],
                month,
                tables,
                [(lab, "化石燃料", "", "入厂煤化验报告（演示）")],
            )
            month_end = date(year, month, calendar.monthrange(year, month)[1])
            days = 45 if (n == late and month == 3) else 12
            yield path, _at(month_end + timedelta(days=days))


def grid_export(folder: Path, seed: int = 2025) -> Path:
    """The grid company's monthly electricity of the year for the chosen enterprises (one March 6 % high)."""
    year = YEARS[-1]
    chosen = _chosen(seed)
    lines = ["供电单位,统一社会信用代码,年份,月份,用电量,单位"]
    for plan in chosen:
        n, data = plan[0], _data(plan, seed)
        for r in data["tables"].get("energy", []):
            if r[0] == "购入电力" and isinstance(r[1], int):
                value = r[2] * (1.06 if (n == chosen[4][0] and r[1] == 3) else 1.0)
                lines.append(f"国网青海省电力公司（演示）,{data['info']['uscc']},{year},{r[1]},{value:.2f},{r[3]}")
    path = folder / f"国网青海_{year}_用电量.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def verifications(store: Store, folder: Path, seed: int = 2025) -> Iterator[tuple[Path, str]]:
    """The verifier's workbooks of the chosen enterprises' last year, filled as two bodies would."""
    year = YEARS[-1]
    chosen = _chosen(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k, (n, sample, size, growth, saving) in enumerate(chosen):
        uscc = enterprise(n, sample, size, growth, saving, year)["info"]["uscc"]
        body = BODIES[0] if sample == POWER else BODIES[1]
        signed = date(year + 1, 7, 10) if k == len(chosen) - 1 else date(year + 1, 5, 1) + timedelta(days=k)
        path = write_verification_template(store, uscc, year, folder / f"{uscc}_{year}_核查表.xlsx")
        book = load_workbook(path)
        info = book["核查信息"]
        values: dict[str, Any] = {
            "核查机构": body,
            "核查员": f"核查员{k + 1}（演示）",
            "签字日期": signed.isoformat(),
            "核查结论": "排放报告经现场核查，除所列不符合项外符合核算指南要求（演示）",
        }
        for row in info.iter_rows(min_row=2):
            label = str(row[0].value)
            if label in values:
                row[1].value = values[label]
        for row in book["核查记录"].iter_rows(min_row=2):
            row[8].value = "符合"
            if k == 0 and "烟煤" in str(row[3].value) and "6月 元素碳含量" in str(row[3].value):
                row[8].value, row[9].value = "不符合", "6 月化验报告无 CMA 标志"
                row[10].value = "按发电设施指南采用高限缺省值"
        book.save(path)
        yield path, _at(signed)


def verifications_with_findings(store: Store, year: int) -> str:
    """The enterprise whose verification of ``year`` found most (the demo's report shows it)."""
    v = store.newest("verification")
    v = v[v.year == year].sort_values(["findings", "uscc"], ascending=[False, True])
    return str(v.uscc.iloc[0])
