"""The store calculates as ``tanhe calc`` does: the same options and factor library, recorded, used again by verify."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting import Options, Store, calculate, ingest, load_library, read_submission, verify
from accounting.cli import main
from accounting.store.record import digest, stored_calculation
from tests.conftest import INFO, energy_row

MWH = 1000.0  # purchased electricity of every submission here


def electricity(workbook: Any) -> Path:
    return workbook(energy=[energy_row("购入电力", MWH, "MWh", 1)])


def library_folder(tmp_path: Path, value: float) -> Path:
    """A factor folder with one grid set (``value`` tCO2/MWh for every year) and a method that uses it."""
    folder = tmp_path / "extra"
    (folder / "grid-test").mkdir(parents=True, exist_ok=True)
    (folder / "grid-test" / "set.toml").write_text(
        'id = "grid-test"\nkind = "grid_reporting"\ntitle = "测试电网因子"\ntitle_en = "test grid factor"\n'
        'version = "t"\nyears = [2013, 2030]\nsource_ids = ["MEE-2021-9"]\ntables = { values = "values.csv" }\n',
        encoding="utf-8",
    )
    (folder / "grid-test" / "values.csv").write_text(
        "area,year_from,year_to,value,unit,source_id,confidence,evidence,notes\n"
        f"全国,2013,2030,{value},tCO2/MWh,MEE-2021-9,uncertain,test,test\n",
        encoding="utf-8",
    )
    (folder / "methods.toml").write_text(
        '[methods.test-grid]\ntitle = "测试"\ntitle_en = "test"\nfuel = "fuel-2015"\nelectricity = "grid-test"\n'
        'electricity_rule = "reporting"\nheat = "heat-default"\nsteam = "steam-gbt32151"\n'
        'coal_equivalent = "coal-equivalent-gbt2589"\ngwp = "gwp"\ngwp_set = "SAR"\n',
        encoding="utf-8",
    )
    return folder


def test_ingest_takes_the_options_of_calc_and_verify_recalculates_with_them(workbook: Any, tmp_path: Path) -> None:
    # 等价值 at 300 gce/kWh: 1 000 MWh = 1 000 000 kWh × 300 g = 300 t of standard coal (当量值 would give 122.9)
    path = electricity(workbook)
    options = Options(electricity_basis="equivalent", coal_rate="300 gce/kWh")
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, [path], options=options)] == ["stored"]
        row = store.latest().iloc[0]
        assert row["tce"] == pytest.approx(MWH * 1000 * 300 / 1e6)
        recorded = json.loads(store.frame("select calculation from submissions")["calculation"][0])
        assert recorded["options"]["electricity_basis"] == "equivalent"
        assert recorded["options"]["coal_rate"] == "300 gce/kWh"
        sets = recorded["factor_sets"]
        assert "coal-equivalent-gbt2589" in sets and all(len(v) == 64 for v in sets.values())
        assert verify(store) == []  # recalculated at 300 gce/kWh, not with the default basis
        # and so is the version a verifier's workbook and the portal's pages calculate again
        from accounting.chain.verification_sheet import stored_submission

        _, _, again = stored_submission(store, str(row["uscc"]), int(row["year"]))
        assert again.energy.tce == pytest.approx(MWH * 1000 * 300 / 1e6)


def test_ingest_with_another_factor_library_stores_what_calc_prints(workbook: Any, tmp_path: Path) -> None:
    path = electricity(workbook)
    extra = library_folder(tmp_path, 1.0)  # 1 000 MWh × 1.0 tCO2/MWh = 1 000 t
    db = str(tmp_path / "s.db")
    run = CliRunner().invoke
    done = run(main, ["db", "ingest", str(path), "--db", db, "--method", "test-grid", "--factors", str(extra)])
    assert done.exit_code == 0, done.output
    with Store(db, create=False) as store:
        assert store.latest().iloc[0]["tco2e"] == pytest.approx(MWH * 1.0)
    calc = calculate(read_submission(path), "test-grid", Options(), load_library(extra))
    assert calc.tco2e == pytest.approx(MWH * 1.0)

    # verify without the folder cannot recalculate this version: it says which set is missing, not "changed"
    without = run(main, ["db", "verify", "--db", db])
    assert without.exit_code == 1 and "grid-test" in without.output and "--factors" in without.output
    assert "与库中不同" not in without.output
    with Store(db, create=False) as store:
        found = [(f.check, f.subject, f.message) for f in verify(store)]
    assert found == [
        (
            "recompute",
            f"{INFO['uscc']} 2025 年度第 1 版",
            "无法按入库时的因子重新核算：缺少入库时所用的因子集 grid-test（请用 --factors 给出其目录）",
        )
    ]
    assert run(main, ["db", "verify", "--db", db, "--factors", str(extra)]).exit_code == 0

    # the set edited since: named as changed, not recalculated with other factors
    library_folder(tmp_path, 2.0)
    changed = run(main, ["db", "verify", "--db", db, "--factors", str(extra)])
    assert changed.exit_code == 1 and "grid-test" in changed.output and "不同" in changed.output
    with Store(db, create=False) as store:
        found = [(f.check, f.message) for f in verify(store, library=load_library(extra))]
    assert found == [("recompute", "无法按入库时的因子重新核算：因子集 grid-test 与入库时不同（内容已改动）")]


def test_a_version_stored_before_calculations_were_recorded_keeps_its_digest(workbook: Any, tmp_path: Path) -> None:
    """Versions older than migration 0004 have no calculation: their digest is taken as before, and they
    are recalculated with the default options and the factors at hand."""
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [electricity(workbook)]))
        record = store.frame("select * from submissions").iloc[0].to_dict()
    without = {k: v for k, v in record.items() if k not in ("id", "digest", "calculation")}
    assert digest({**without, "calculation": None}, {}) == digest(without, {})
    assert digest({**without, "calculation": record["calculation"]}, {}) != digest(without, {})
    assert stored_calculation(None) == (Options(), {})
