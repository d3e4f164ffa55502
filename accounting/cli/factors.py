"""``tanhe factors list`` and ``tanhe factors show``: the factor sets, each value with its source and confidence.

Registered on the ``tanhe`` group like every command group.
"""

from __future__ import annotations

import json
from typing import Any

import click

import accounting as api
from accounting.cli.app import CSV, echo_csv, guarded, main
from accounting.cli.app import library as load


@main.group()
def factors() -> None:
    """因子集：列出与查看每个值的来源和置信度。"""


@factors.command("list")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：{sets, methods}")
@CSV
@click.option("--factors", "extra", multiple=True, type=click.Path(file_okay=False))
@guarded
def factors_list(as_json: bool, as_csv: bool, extra: tuple[str, ...]) -> None:
    """列出因子集与核算方法。

    \b
    例 Example:
      tanhe factors list
    """
    library = load(extra)
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "kind": s.kind,
            "version": s.version,
            "title": s.title,
            "rows": sum(len(t) for t in s.tables.values()),
            "confidence": {
                c: int(sum((t.confidence == c).sum() for t in s.tables.values()))
                for c in ("official", "secondary", "uncertain")
            },
        }
        for s in library.sets.values()
    ]
    methods = [
        {"id": m.id, "title": m.title, "sets": list(m.set_ids), "gwp": m.gwp_set} for m in library.methods.values()
    ]
    if as_json:
        click.echo(api.strict_json({"sets": rows, "methods": methods}, indent=2))
        return
    if as_csv:  # the factor sets, one a row, their confidence counts as columns
        echo_csv([{k: v for k, v in r.items() if k != "confidence"} | r["confidence"] for r in rows])
        return
    click.echo("因子集 factor sets:")
    for r in rows:
        c = r["confidence"]
        click.echo(
            f"  {r['id']:<26} {r['kind']:<16} {r['version']:<10} {r['rows']:>4} 行  "
            f"官方 {c['official']} / 二手 {c['secondary']} / 待核实 {c['uncertain']}  {r['title']}"
        )
    click.echo("核算方法 methods:")
    for m in methods:
        click.echo(f"  {m['id']:<18} {m['title']}  [{', '.join(m['sets'])}; GWP {m['gwp']}]")


@factors.command("show")
@click.argument("set_id")
@click.option("--json", "as_json", is_flag=True)
@click.option("--factors", "extra", multiple=True, type=click.Path(file_okay=False))
@guarded
def factors_show(set_id: str, as_json: bool, extra: tuple[str, ...]) -> None:
    """显示一个因子集的每个值及其来源与置信度。

    \b
    例 Example:
      tanhe factors show fuel-2015
    """
    library = load(extra)
    fs = library.set(set_id)
    if as_json:
        tables = {name: json.loads(t.to_json(orient="records", force_ascii=False)) for name, t in fs.tables.items()}
        sources = {sid: vars(library.sources[sid]) for sid in fs.source_ids}
        click.echo(
            api.strict_json(
                {
                    "id": fs.id,
                    "title": fs.title,
                    "kind": fs.kind,
                    "version": fs.version,
                    "notes": fs.notes,
                    "sources": sources,
                    "tables": tables,
                },
                indent=2,
            )
        )
        return
    click.echo(f"{fs.id}  {fs.title}（{fs.title_en}）  版本 {fs.version}")
    click.echo(fs.notes)
    for name, table in fs.tables.items():
        hidden = {"evidence", "notes", "source_table"}
        columns = [c for c in table.columns if c not in hidden]
        click.echo(f"\n[{name}]  " + " | ".join(columns))
        for row in table[columns].itertuples(index=False):
            click.echo("  " + " | ".join("" if v == "" else str(v) for v in row))
    click.echo("\n来源 sources:")
    for sid in fs.source_ids:
        s = library.sources[sid]
        click.echo(f"  {sid}: {s.title}，{s.issuer} {s.document_no}（{s.published}）")
