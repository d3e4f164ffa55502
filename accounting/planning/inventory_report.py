"""The provincial inventory (省级能源活动二氧化碳清单) as a :class:`Document`; the figures come from
:mod:`.inventory`."""

from __future__ import annotations

from datetime import date

from accounting.planning.inventory import Inventory, by_fuel
from accounting.report.document import Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version


def inventory_document(inv: Inventory, lang: str = "zh", today: date | None = None) -> Document:
    """The provincial inventory (:func:`accounting.planning.inventory.inventory`)."""
    L = Labels(lang)
    cover = Section(
        "cover",
        L("inventory.title", year=inv.year, region=inv.region),
        fields=(
            (L["region.scope"], inv.region, "text"),
            (L["region.year"], str(inv.year), "text"),
            (L["inventory.total"], inv.total, "total"),
            (L["inventory.combustion"], inv.combustion, "total"),
            (L["inventory.electricity"], inv.electricity_tco2, "total"),
            (L["inventory.file"], L("budget.file_value", file=inv.file_name, version=inv.version), "text"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
        paragraphs=(L["inventory.cover_note"], L["inventory.factors_note"]),
    )
    c = inv.coverage
    groups = Table(
        L.columns(
            ("inventory.group", "text", 18),
            ("inventory.inventory", "total", 16),
            ("inventory.stored", "total", 18),
            ("inventory.share", "pct", 10),
        ),
        rows([(L[f"inventory.group_{r.group}"], r.inventory, r.stored, r.share) for r in c.itertuples()]),
        total=(L["summary.total"], float(c["inventory"].sum()), float(c["stored"].sum()), None),
        note=L["inventory.coverage_note"],
    )
    fuels = by_fuel(inv)
    fuel_table = Table(
        (
            L.literal("inventory.fuel", 12),
            L.literal("inventory.basis", 12),
            *L.columns(
                ("inventory.quantity", "qty", 14),
                ("inventory.unit", "text", 8),
                ("inventory.ncv", "factor", 12),
                ("inventory.cc", "factor", 12),
                ("inventory.of", "pct", 9),
                ("inventory.tco2", "total", 16),
            ),
        ),
        rows([(r.fuel, r.basis, r.quantity, r.unit, r.ncv, r.cc, r.of, r.tco2) for r in fuels.itertuples()]),
        total=(L["summary.total"], None, None, None, None, None, None, inv.combustion),
    )
    power = Section(
        "electricity",
        L["inventory.power"],
        fields=(
            (L["inventory.net"], inv.electricity_net_mwh, "qty"),
            (L["inventory.grid"], inv.grid_factor, "factor")
            if inv.grid_factor is not None
            else (L["inventory.grid"], L["inventory.no_grid"], "text"),
            (L["inventory.grid_year"], str(inv.grid_year) if inv.grid_year else None, "text"),
            (L["inventory.electricity"], inv.electricity_tco2, "total"),
        ),
    )
    return Document(
        "inventory",
        lang,
        L("inventory.title", year=inv.year, region=inv.region),
        inv.region,
        f"{inv.region} · {inv.year}",
        (
            cover,
            Section("groups", L["inventory.groups"], tables=(groups,)),
            Section("fuels", L["inventory.fuels"], tables=(fuel_table,), wide=True),
            power,
        ),
        report_meta(today),
    )
