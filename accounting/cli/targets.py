"""``tanhe targets list``: the catalogue of carbon-peak plan targets, each with its quote and source."""

from __future__ import annotations

import click

import accounting as api
from accounting.cli.app import CSV, echo_records, guarded, main, records_of, say


@main.group()
def targets() -> None:
    """碳达峰实施方案目标库（引原文与出处）。

    \b
    例 Example:
      tanhe targets list --jurisdiction 青海省
    """


@targets.command("list")
@click.option("--jurisdiction", "-J", help="地区，如 青海省、西宁市、全国")
@click.option("--indicator", help="指标代码，如 energy_intensity_gdp_reduction")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@CSV
@guarded
def targets_list(jurisdiction: str | None, indicator: str | None, as_json: bool, as_csv: bool) -> None:
    """列出目标：编号、地区、指标、基年、目标年、目标值、承诺用语、原文。

    \b
    例 Example:
      tanhe targets list --jurisdiction 青海省
      tanhe targets list --indicator co2_intensity_gdp_reduction --json
    """
    frame = api.target_catalogue()
    if jurisdiction:
        frame = frame[frame["jurisdiction"] == jurisdiction.strip()]
    if indicator:
        frame = frame[frame["indicator_code"] == indicator.strip()]
    if as_json or as_csv:
        echo_records(records_of(frame), as_json)
        return
    for r in frame.itertuples():
        value = say("assigned") if _blank(r.value) else f"{r.value:g} {r.unit}"
        base = "" if _blank(r.base_year) else f"{r.base_year}→"
        click.echo(
            f"{r.id}  {r.jurisdiction}  {r.indicator_cn}  {base}{r.target_year}  {value}  {r.commitment}  「{r.quote}」"
        )
    click.echo(say("targets_listed", n=len(frame)))


def _blank(value: object) -> bool:
    """A catalogue cell left empty (NaN or None); pandas is not imported for ``tanhe --help``."""
    return value is None or str(value) in ("nan", "<NA>", "NaT")
