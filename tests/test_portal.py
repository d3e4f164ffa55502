"""The portal through Flask's test client: scope on every route, CSRF, the login's rate limit and
cookies, uploads (planted errors at their cells, a fix, another enterprise's workbook, the hostile
corpus, a file too large, a worker that dies), the verifier's and the regulator's pages.

The store holds two enterprises: A = the bundled qinghai-cement sample (91630100MA7QH0004R, 海东市,
2025) and B = the bad corpus' valid workbook (91630100MA7QH0001G, 西宁市, 2023)."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounting import Store, assign, hash_password, ingest, load_settings, save_account, write_sample
from accounting.portal.app import create_app
from accounting.portal.work import Work
from accounting.store.accounts import account, requeue_stale, upload_rows
from accounting.workbook import write_submission
from tests.conftest import INFO, energy_row, fuel_row, new_database

A, B = "91630100MA7QH0004R", "91630100MA7QH0001G"
BAD = Path(__file__).parent / "data" / "bad"
PASSWORD = "correct-horse-9"
ACCOUNTS = {
    "ent-a": dict(role="enterprise", uscc=A, display="青海示例水泥"),
    "ent-b": dict(role="enterprise", uscc=B),
    "ver-x": dict(role="verifier", body="甲核查机构"),
    "ver-y": dict(role="verifier", body="乙核查机构"),
    "reg-qh": dict(role="regulator", province="青海省"),
    "reg-haidong": dict(role="regulator", province="青海省", city="海东市"),
    "reg-xining": dict(role="regulator", province="青海省", city="西宁市"),
    "reg-gansu": dict(role="regulator", province="甘肃省"),
    "admin": dict(role="admin"),
}


def a_2024(folder: Path) -> Path:
    """A's year before (stored, never assigned to a verifier)."""
    info = {**INFO, "uscc": A, "city": "海东市", "name": "青海示例水泥有限公司", "year": 2024}
    fuel = [fuel_row("烟煤", 100, "t", 1)]
    return write_submission(
        folder / "a2024.xlsx", info, {"fuel": fuel, "energy": [energy_row("购入电力", 10, "MWh", 1)]}
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, Work, str, Path]]:
    """The portal over a store on SQLite (one person's) and on PostgreSQL (a shared server's)."""
    folder = tmp_path_factory.mktemp("portal")
    db = str(folder / "portal.db") if request.param == "sqlite" else new_database(request.getfixturevalue("postgres"))
    with Store(db) as store:
        files = [write_sample("qinghai-cement", folder / "cement.xlsx"), BAD / "valid.xlsx", a_2024(folder)]
        assert [o.status for o in ingest(store, files)] == ["stored"] * 3
        secret = hash_password(PASSWORD)
        for name, scope in ACCOUNTS.items():
            save_account(store, name, "test", password=secret, **scope)
        assign(store, "甲核查机构", A, 2025, "test")
    settings = load_settings(None, db=db, secret_key="k" * 40, workers=1, login_limit="1000 per minute")
    work = Work(db, 1)
    app = create_app(settings, work)
    app.config["TESTING"] = True
    yield app, work, db, folder
    work.close()


def token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def login(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").text
    done = client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token(page)})
    assert done.status_code == 302, done.text[:300]
    return client


def text_of(page: str) -> str:
    import html

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def upload(app: Flask, work: Work, client: FlaskClient, path: Path, name: str | None = None) -> dict[str, Any]:
    """Upload ``path`` as the signed-in enterprise, wait for the worker; the upload's row and page."""
    page = client.get("/enterprise").text
    with open(path, "rb") as fh:
        sent = client.post(
            "/upload",
            data={"csrf_token": token(page), "workbook": (fh, name or path.name)},
            content_type="multipart/form-data",
        )
    assert sent.status_code == 302, sent.text[:300]
    work.drain()
    uid = int(sent.headers["Location"].rsplit("/", 1)[1])
    shown = client.get(f"/uploads/{uid}")
    with Store(app.extensions["tanhe.settings"].db) as store:
        row = upload_rows(store, ids=[uid]).iloc[0].to_dict()
    return {"id": uid, "row": row, "outcome": json.loads(row["outcome"] or "{}"), "page": shown.text}


def versions(db: str, uscc: str) -> list[tuple[int, int]]:
    with Store(db) as store:
        h = store.history(uscc)
    return list(zip(h["year"].astype(int), h["version"].astype(int), strict=True))


# signing in -------------------------------------------------------------------------------------


def test_login_refuses_a_wrong_password_and_logs_both(site: Any) -> None:
    app, _, db, _ = site
    client = app.test_client()
    page = client.get("/login").text
    refused = client.post(
        "/login", data={"username": "ent-a", "password": "wrong-password-1", "csrf_token": token(page)}
    )
    assert refused.status_code == 401 and "用户名或密码不正确" in refused.text
    absent = client.post("/login", data={"username": "nobody", "password": PASSWORD, "csrf_token": token(page)})
    assert absent.status_code == 401
    login(app, "ent-a")
    with Store(db) as store:
        entries = [json.loads(e) for e in store.log()["entry"]]
    logins = [(e["username"], e["ok"]) for e in entries if e["action"] == "login"][-3:]
    assert logins == [("ent-a", False), ("nobody", False), ("ent-a", True)]
    assert not any("argon2" in json.dumps(e) for e in entries)  # no password hash in the log


def test_the_session_cookie_is_secure_httponly_and_same_site(site: Any) -> None:
    app, _, _, _ = site
    client = app.test_client()
    page = client.get("/login").text
    done = client.post("/login", data={"username": "ent-a", "password": PASSWORD, "csrf_token": token(page)})
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    headers = client.get("/enterprise").headers
    assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_login_is_rate_limited(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    Store(db).close()
    app = create_app(load_settings(None, db=db, secret_key="k" * 40, login_limit="3 per minute"), Work(db, 1))
    client = app.test_client()
    page = client.get("/login").text
    codes = [
        client.post("/login", data={"username": "x", "password": "y" * 10, "csrf_token": token(page)}).status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def test_a_forged_or_missing_csrf_token_is_refused(site: Any) -> None:
    app, _, db, folder = site
    client = login(app, "ent-a")
    before = versions(db, A)
    path = write_sample("qinghai-cement", folder / "again.xlsx")
    for forged in ("forged", ""):
        with open(path, "rb") as fh:
            sent = client.post(
                "/upload",
                data={"csrf_token": forged, "workbook": (fh, "again.xlsx")},
                content_type="multipart/form-data",
            )
        assert sent.status_code == 400 and "请求无效" in sent.text
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/enterprise").status_code == 200  # still signed in
    assert versions(db, A) == before


# scope ------------------------------------------------------------------------------------------

ROUTES = [
    "/enterprise",
    "/enterprise/template/cement.xlsx",
    "/enterprise/deposit-template/3.xlsx",
    f"/verifier/template/{A}/2025.xlsx",
    "/uploads/1",
    "/uploads/1/annotated.xlsx",
    f"/submissions/{A}/2025",
    f"/submissions/{A}/2025/enterprise.pdf",
    f"/submissions/{A}/2025/original.xlsx",
    "/verifier",
    "/regulator",
    "/regulator/report-2025.pdf",
    f"/regulator/enterprises/{A}",
]


def test_every_route_needs_a_session(site: Any) -> None:
    app, _, _, _ = site
    client = app.test_client()
    rules = {r.rule for r in app.url_map.iter_rules()} - {"/login", "/logout", "/static/<path:filename>"}
    assert len(rules) == 14  # every route is in ROUTES (with /) and is asked below
    for path in [*ROUTES, "/"]:
        got = client.get(path)
        assert got.status_code == 302 and "/login" in got.headers["Location"], path
    assert client.post("/upload").status_code in (302, 400)


@pytest.mark.parametrize(
    ("who", "path", "code"),
    [
        ("ent-b", f"/submissions/{A}/2025", 404),  # another enterprise's USCC
        ("ent-b", f"/submissions/{A}/2025/enterprise.pdf", 404),
        ("ent-b", f"/submissions/{A}/2025/original.xlsx", 404),
        ("ent-a", f"/submissions/{B}/2023", 404),
        ("ent-a", "/verifier", 403),
        ("ent-a", "/regulator", 403),
        ("ver-y", f"/submissions/{A}/2025", 404),  # a verifier without the assignment
        ("ver-y", f"/submissions/{A}/2025/audit.xlsx", 404),
        ("ver-y", f"/verifier/template/{A}/2025.xlsx", 404),
        ("ent-a", f"/verifier/template/{A}/2025.xlsx", 403),
        ("ent-a", "/enterprise/deposit-template/13.xlsx", 404),
        ("ver-x", "/enterprise/deposit-template/3.xlsx", 403),
        ("ver-x", f"/submissions/{A}/2024", 404),  # assigned 2025, not 2024 (which is stored)
        ("ver-x", f"/submissions/{B}/2023", 404),
        ("ver-x", "/enterprise", 403),
        ("reg-xining", f"/submissions/{A}/2025", 404),  # another city
        ("reg-xining", f"/regulator/enterprises/{A}", 404),
        ("reg-haidong", f"/submissions/{B}/2023", 404),
        ("reg-gansu", f"/submissions/{A}/2025", 404),  # another province
        ("reg-gansu", "/regulator/report-2025.pdf", 404),
        ("reg-qh", "/upload", 405),
        ("admin", f"/submissions/{A}/2025", 403),
    ],
)
def test_out_of_scope_is_refused(site: Any, who: str, path: str, code: int) -> None:
    app, _, _, _ = site
    assert login(app, who).get(path).status_code == code


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("ent-a", f"/submissions/{A}/2025"),
        ("ent-a", f"/submissions/{A}/2024"),
        ("ver-x", f"/submissions/{A}/2025"),
        ("reg-qh", f"/submissions/{A}/2025"),
        ("reg-haidong", f"/submissions/{A}/2025"),
        ("reg-xining", f"/submissions/{B}/2023"),
        ("ent-b", f"/submissions/{B}/2023"),
    ],
)
def test_in_scope_is_shown(site: Any, who: str, path: str) -> None:
    app, _, _, _ = site
    assert login(app, who).get(path).status_code == 200


def test_a_closed_account_sees_nothing_and_its_sessions_end(site: Any) -> None:
    from accounting.portal.scope import may_see

    app, _, db, _ = site
    with Store(db) as store:
        save_account(store, "ent-closed", "test", role="enterprise", uscc=A, password=hash_password(PASSWORD))
    client = login(app, "ent-closed")
    assert client.get(f"/submissions/{A}/2025").status_code == 200
    with Store(db) as store:
        closed = save_account(store, "ent-closed", "test", active=False)
        assert not may_see(store, closed, A, 2025)
    assert client.get(f"/submissions/{A}/2025").status_code == 302
    page = app.test_client().get("/login").text
    again = app.test_client().post(
        "/login", data={"username": "ent-closed", "password": PASSWORD, "csrf_token": token(page)}
    )
    assert again.status_code in (400, 401)


def test_an_upload_of_another_enterprise_is_not_found(site: Any) -> None:
    app, work, _, folder = site
    a = login(app, "ent-a")
    done = upload(app, work, a, write_sample("qinghai-cement", folder / "mine.xlsx"))
    b = login(app, "ent-b")
    assert b.get(f"/uploads/{done['id']}").status_code == 404
    assert b.get(f"/uploads/{done['id']}/annotated.xlsx").status_code == 404


def test_a_withdrawn_assignment_closes_the_submission(site: Any) -> None:
    app, _, db, _ = site
    with Store(db) as store:
        assign(store, "乙核查机构", A, 2025, "test")
    client = login(app, "ver-y")
    assert client.get(f"/submissions/{A}/2025").status_code == 200
    with Store(db) as store:
        assign(store, "乙核查机构", A, 2025, "test", active=False)
    assert client.get(f"/submissions/{A}/2025").status_code == 404
    assert "目前没有分配的任务" in client.get("/verifier").text


def test_a_new_password_ends_the_old_sessions(site: Any) -> None:
    app, _, db, _ = site
    client = login(app, "reg-gansu")
    assert client.get("/regulator").status_code == 200
    with Store(db) as store:
        save_account(store, "reg-gansu", "test", password=hash_password(PASSWORD))
        assert account(store, "reg-gansu").version == 2  # type: ignore[union-attr]
    got = client.get("/regulator")
    assert got.status_code == 302 and "/login" in got.headers["Location"]


# the enterprise's flow ---------------------------------------------------------------------------


def planted(folder: Path, fixed: bool) -> Path:
    """A's workbook with two errors planted (化石燃料 B3: a fuel that does not exist; D4: −5 t), or fixed."""
    info = {**INFO, "uscc": A, "city": "海东市", "name": "青海示例水泥有限公司"}
    fuel = [
        fuel_row("烟煤", 100, "t", 1),
        fuel_row("无烟煤" if fixed else "不存在的煤", 50, "t", 1),
        fuel_row("烟煤", 5 if fixed else -5, "t", 2),
    ]
    name = "fixed.xlsx" if fixed else "planted.xlsx"
    return write_submission(folder / name, info, {"fuel": fuel, "energy": [energy_row("购入电力", 1000, "MWh", 1)]})


def test_planted_errors_are_shown_at_their_cells_then_the_fix_is_stored(site: Any) -> None:
    app, work, db, folder = site
    client = login(app, "ent-a")
    before = versions(db, A)
    bad = upload(app, work, client, planted(folder, fixed=False))
    assert bad["outcome"]["status"] == "rejected" and versions(db, A) == before
    assert "/tmp" not in bad["outcome"]["message"] and "planted.xlsx" in bad["outcome"]["message"]
    found = sorted((i["sheet"], i["cell"], i["code"]) for i in bad["outcome"]["issues"])
    assert found == [("化石燃料", "B3", "fuel-unknown"), ("化石燃料", "D4", "negative-quantity")]
    page = bad["page"]
    assert 'data-cell="化石燃料!B3"' in page and 'data-cell="化石燃料!D4"' in page
    # the cell in context: the row of the error and its neighbours, the cell itself marked
    assert re.search(r'<td class="hit" title="不存在的煤">不存在的煤</td>', page)
    assert re.search(r'<td class="hit" title="-5">-5</td>', page)
    english = text_of(client.get(f"/uploads/{bad['id']}?lang=en").text)
    assert "file planted.xlsx: the submission has 2 errors, not calculated" in english
    assert "Fuel '不存在的煤' is not in the default table" in english
    client.get("/enterprise?lang=zh")
    marked = client.get(f"/uploads/{bad['id']}/annotated.xlsx")
    assert marked.status_code == 200 and marked.data[:2] == b"PK"
    good = upload(app, work, client, planted(folder, fixed=True))
    assert good["outcome"]["status"] == "stored" and good["outcome"]["year"] == 2025
    assert versions(db, A)[-1] == (2025, before[-1][1] + 1)
    pdf = client.get(f"/submissions/{A}/2025/enterprise.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    shown = text_of(client.get(f"/submissions/{A}/2025").text)
    assert "净购入电力" in shown and "179.60" in shown  # 1 000 MWh × 0.1796 tCO2/MWh (青海, MEE/NBS)


def test_the_template_of_each_sector_is_downloaded_and_an_unknown_one_is_not(site: Any) -> None:
    from openpyxl import load_workbook

    app, _, _, folder = site
    client = login(app, "ent-a")
    page = client.get("/enterprise?lang=en").text
    assert "Cement clinker" in page and "水泥熟料" not in page
    got = client.get("/enterprise/template/cement.xlsx")
    assert got.status_code == 200
    (folder / "template.xlsx").write_bytes(got.data)
    assert "过程排放" in load_workbook(folder / "template.xlsx").sheetnames  # the cement template's process sheet
    assert client.get("/enterprise/template/水泥熟料.xlsx").status_code == 404


def test_a_workbook_of_another_enterprise_is_refused_and_nothing_stored(site: Any) -> None:
    app, work, db, _ = site
    client = login(app, "ent-a")
    before = versions(db, B)
    done = upload(app, work, client, BAD / "valid.xlsx")
    assert done["outcome"]["status"] == "rejected" and B in done["outcome"]["message"]
    assert versions(db, B) == before


def test_the_hostile_corpus_gets_a_message_and_nothing_stored(site: Any) -> None:
    """Every workbook of tests/data/bad with an error (and every unreadable file) is refused with a
    message; the store holds no new version."""
    from accounting import CATALOGUE

    app, work, db, _ = site
    expected = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))
    with_errors = [n for n, issues in expected.items() if any(CATALOGUE[c][0] == "error" for _, _, c in issues)]
    files = [BAD / f"{n}.xlsx" for n in with_errors] + sorted((BAD / "unreadable").iterdir())
    client = app.test_client()
    page = client.get("/login").text
    client.post("/login", data={"username": "ent-b", "password": PASSWORD, "csrf_token": token(page)})
    before = versions(db, B)
    for path in files:
        if path.stat().st_size == 0:  # refused before it is kept: the page says so
            page = client.get("/enterprise").text
            with open(path, "rb") as fh:
                data = {"csrf_token": token(page), "workbook": (fh, path.name)}
                sent = client.post("/upload", data=data, content_type="multipart/form-data")
            assert "是空的（0 字节），未入库" in client.get(sent.headers["Location"]).text
            continue
        done = upload(app, work, client, path)
        assert done["outcome"]["status"] == "rejected", path.name
        assert done["outcome"]["message"] or done["outcome"]["issues"], path.name
        assert "未入库" in text_of(done["page"]), path.name
    assert versions(db, B) == before
    assert len(files) > 30


def test_a_file_too_large_is_refused_with_a_message(site: Any) -> None:
    app, _, _, _ = site
    client = login(app, "ent-a")
    page = client.get("/enterprise").text
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    try:
        big = b"PK" + b"\0" * (2 * 1024 * 1024)
        from io import BytesIO

        sent = client.post(
            "/upload",
            data={"csrf_token": token(page), "workbook": (BytesIO(big), "big.xlsx")},
            content_type="multipart/form-data",
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert sent.status_code == 413 and "上传上限 1 MB" in sent.text


def test_an_upload_left_running_by_a_dead_worker_is_taken_up_again_or_failed(site: Any) -> None:
    """As a server finds them when it starts: one upload left running after one attempt (queued and
    stored now), one after three (failed, with a message)."""
    from sqlalchemy import update

    from accounting.store.accounts import add_upload, uploads

    _, work, db, folder = site
    sample = write_sample("qinghai-cement", folder / "fourth.xlsx").read_bytes()
    with Store(db) as store:
        again = add_upload(store, "ent-a", "fourth.xlsx", "0" * 64, sample)
        spent = add_upload(store, "ent-a", "fifth.xlsx", "1" * 64, sample)
        with store.engine.begin() as conn:
            conn.execute(update(uploads).where(uploads.c.id == again).values(state="running", attempts=1))
            conn.execute(update(uploads).where(uploads.c.id == spent).values(state="running", attempts=3))
    work.recover()
    work.drain()
    with Store(db) as store:
        rows = upload_rows(store, ids=[again, spent]).set_index("id")
    assert rows.at[again, "state"] == "done" and int(rows.at[again, "attempts"]) == 2
    assert rows.at[spent, "state"] == "failed" and "3 次中断" in json.loads(rows.at[spent, "outcome"])["message"]


def test_a_worker_killed_while_it_runs_an_upload_does_not_lose_it(site: Any) -> None:
    app, work, db, folder = site
    client = login(app, "ent-a")
    page = client.get("/enterprise").text
    path = write_sample("gansu-steel", folder / "steel.xlsx")
    with Store(db) as store:
        save_account(store, "ent-steel", "test", role="enterprise", uscc=_uscc(path), password=hash_password(PASSWORD))
    client = login(app, "ent-steel")
    page = client.get("/enterprise").text
    with open(path, "rb") as fh:
        sent = client.post(
            "/upload",
            data={"csrf_token": token(page), "workbook": (fh, "steel.xlsx")},
            content_type="multipart/form-data",
        )
    uid = int(sent.headers["Location"].rsplit("/", 1)[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for a worker to take it, then kill that worker
        with Store(db) as store:
            state = upload_rows(store, ids=[uid]).iloc[0]["state"]
        if state == "running":
            break
        time.sleep(0.02)
    assert state == "running"
    pool = work._pool
    assert pool is not None
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    work.drain()
    with Store(db) as store:
        row = upload_rows(store, ids=[uid]).iloc[0]
        assert row["state"] == "done" and int(row["attempts"]) == 2
        assert json.loads(row["outcome"])["status"] == "stored"
        assert requeue_stale(store) == []


def _uscc(path: Path) -> str:
    from accounting import read_submission

    return str(read_submission(path).info["uscc"])


# the verifier and the regulator -----------------------------------------------------------------


def test_the_verifier_sees_its_assignment_and_downloads_the_auditor_workbook(site: Any) -> None:
    app, _, db, _ = site
    client = login(app, "ver-x")
    page = text_of(client.get("/verifier").text)
    assert A in page and "2025" in page and B not in page
    audit = client.get(f"/submissions/{A}/2025/audit.xlsx")
    assert audit.status_code == 200 and audit.data[:2] == b"PK"
    with Store(db) as store:
        entries = [json.loads(e) for e in store.log()["entry"]]
    assert {"action": "download", "username": "ver-x", "what": "audit.xlsx", "uscc": A, "year": 2025}.items() <= {
        k: v for e in entries if e["action"] == "download" and e["username"] == "ver-x" for k, v in e.items()
    }.items()


def test_the_regulator_dashboard_shows_the_figures_of_report_region_json(site: Any) -> None:
    from click.testing import CliRunner

    from accounting.cli import main

    app, _, db, folder = site
    asked = ["report", "region", "--db", db, "-y", "2025", "-p", "青海省", "--json", "--format", "xlsx"]
    run = CliRunner().invoke(main, [*asked, "--out", str(folder / "region")])
    assert run.exit_code == 0, run.output
    summary = json.loads(run.output[run.output.index("{") :])
    shown = text_of(login(app, "reg-qh").get("/regulator?year=2025").text)
    for region in summary["regions"]:
        assert region["region"] in shown and f"{region['tco2e']:,.2f}" in shown, region
    found = text_of(login(app, "reg-qh").get("/regulator?year=2025&q=水泥").text)
    assert A in found and "按排放量从大到小列出 1 家（共 1 家）" in found
    none = login(app, "reg-qh").get("/regulator?year=2025&q=钢铁厂").text
    assert f"<td>{A}</td>" not in none and "列出 0 家（共 0 家）" in none
    city = text_of(login(app, "reg-haidong").get("/regulator?year=2025").text)
    assert "海东市" in city and "西宁市" not in city


def test_the_regulator_downloads_the_regional_report_in_the_pages_language(site: Any) -> None:
    from openpyxl import load_workbook

    app, _, _, folder = site
    client = login(app, "reg-qh")
    for lang, title, region in (("zh", "碳达峰", "青海省"), ("en", "carbon", "Qinghai")):
        client.get(f"/regulator?lang={lang}")
        got = client.get("/regulator/report-2025.xlsx")
        assert got.status_code == 200 and got.data[:2] == b"PK"
        path = folder / f"region-{lang}.xlsx"
        path.write_bytes(got.data)
        cells = [str(c.value) for row in load_workbook(path).worksheets[0].iter_rows() for c in row if c.value]
        assert any(title in c.lower() for c in cells), cells[:5]
        assert region in cells
    client.get("/regulator?lang=zh")


def test_a_stored_version_that_cannot_be_calculated_again_is_a_message(site: Any, monkeypatch: Any) -> None:
    """A page that cannot recalculate a version (say its factor sets are gone) says why, no traceback."""
    from accounting.errors import StoreError

    app, _, _, _ = site

    def gone(*_: Any) -> Any:
        raise StoreError("库中没有 91 2025 年度的报送")

    monkeypatch.setattr("accounting.portal.pages.result_of", gone)
    got = login(app, "ent-a").get(f"/submissions/{A}/2025")
    assert got.status_code == 422 and "库中没有 91 2025 年度的报送" in got.text and "Traceback" not in got.text


def test_the_pages_speak_english_on_request(site: Any) -> None:
    app, _, _, _ = site
    client = login(app, "ent-a")
    english = client.get("/enterprise?lang=en").text
    assert "Your submissions" in english and "本企业的报送" not in english
    assert "Your submissions" in client.get("/enterprise").text  # kept for the session
    regulator = text_of(login(app, "reg-qh").get("/regulator?lang=en").text)
    assert "Qinghai: carbon-peak progress" in regulator and "Regulator Qinghai" in regulator


# the monitoring chain: deposits with their evidence, verifications ------------------------------


def test_a_deposit_is_stored_with_its_evidence_and_refused_without_it(site: Any) -> None:
    from openpyxl import load_workbook

    from tests.test_chain import deposit

    app, work, db, folder = site
    client = login(app, "ent-a")
    got = client.get("/enterprise/deposit-template/3.xlsx")
    assert got.status_code == 200
    (folder / "blank-deposit.xlsx").write_bytes(got.data)
    info = load_workbook(folder / "blank-deposit.xlsx")["基本信息"]
    filled = [c.value for row in info.iter_rows() for c in row]
    assert A in filled and 2025 in filled and 2024 not in filled  # the enterprise as its newest year names it
    path = deposit(folder / "march", A, 3, evidence=[("lab.pdf", "化石燃料", "")])
    alone = upload(app, work, client, path)  # the evidence file left behind
    assert alone["outcome"]["status"] == "rejected"
    assert [(i["sheet"], i["code"]) for i in alone["outcome"]["issues"]] == [("证据", "evidence-missing")]
    page = client.get("/enterprise").text
    with open(path, "rb") as fh, open(folder / "march" / "lab.pdf", "rb") as lab:
        data = {"csrf_token": token(page), "workbook": (fh, path.name), "evidence": [(lab, "lab.pdf")]}
        sent = client.post("/upload", data=data, content_type="multipart/form-data")
    work.drain()
    shown = client.get(sent.headers["Location"]).text
    assert "已入库" in shown and "当月排放" in shown
    listed = text_of(client.get("/enterprise").text)
    assert "月度存证" in listed and f"{path.name} 1" in listed  # month 3's deposit with 1 evidence file
    with Store(db) as store:
        found = store.newest("deposit")
        assert (found["uscc"].tolist(), found["month"].tolist()) == ([A], [3])


def test_a_verifier_records_its_findings_for_its_assignment_only(site: Any) -> None:
    from tests.test_chain import verify_workbook

    app, work, db, folder = site
    with Store(db) as store:
        save_account(store, "ver-z", "test", role="verifier", body="丙核查机构", password=hash_password(PASSWORD))
    client = login(app, "ver-x")
    got = client.get(f"/verifier/template/{A}/2025.xlsx")
    assert got.status_code == 200
    blank = folder / "verification.xlsx"
    blank.write_bytes(got.data)
    import shutil

    other = folder / "v-other-body.xlsx"
    shutil.copy(blank, other)
    verify_workbook(other, {}, "乙核查机构", "2026-03-01")
    refused = upload(app, work, client, other)
    assert refused["outcome"]["status"] == "rejected" and "乙核查机构" in refused["outcome"]["message"]
    filled = folder / "v-filled.xlsx"
    shutil.copy(blank, filled)
    verify_workbook(filled, {}, "甲核查机构", "2026-03-01")
    stranger = login(app, "ver-z")
    alien = upload(app, work, stranger, filled)
    assert alien["outcome"]["status"] == "rejected" and "没有分配给丙核查机构" in alien["outcome"]["message"]
    done = upload(app, work, client, filled)
    assert done["outcome"]["status"] == "stored" and done["outcome"]["kind"] == "verification"
    page = text_of(client.get(f"/submissions/{A}/2025").text)
    assert "甲核查机构 · 张三" in page and "2026-03-01" in page
    with Store(db) as store:
        assert store.newest("verification")["body"].tolist() == ["甲核查机构"]


def test_tanhe_users_manages_accounts_and_assignments(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from accounting import assigned, list_accounts
    from accounting.cli import main

    db = str(tmp_path / "u.db")
    run = CliRunner().invoke
    made = run(
        main,
        [
            "users",
            "add",
            "xining",
            "--role",
            "regulator",
            "--province",
            "青海省",
            "--city",
            "西宁市",
            "--password-stdin",
            "--db",
            db,
        ],
        input=PASSWORD + "\n",
    )
    assert made.exit_code == 0 and "xining: regulator 西宁市（第 1 版）" in made.output, made.output
    again = run(main, ["users", "add", "xining", "--role", "admin", "--password-stdin", "--db", db], input=PASSWORD)
    assert again.exit_code == 2 and "已存在" in again.output
    short = run(main, ["users", "add", "b", "--role", "admin", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code == 2 and "密码至少 10 个字符" in short.output
    lacking = run(main, ["users", "add", "c", "--role", "enterprise", "--password-stdin", "--db", db], input=PASSWORD)
    assert lacking.exit_code == 2 and "须给出 uscc" in lacking.output
    assert run(main, ["users", "disable", "xining", "--db", db]).output.strip() == "xining: 已停用（第 2 版）"
    assert run(main, ["users", "enable", "xining", "--db", db]).output.strip() == "xining: 已恢复（第 3 版）"
    changed = run(main, ["users", "passwd", "xining", "--password-stdin", "--db", db], input="another-pass-2\n")
    assert changed.output.strip() == "xining: 密码已更新（第 4 版）"
    listed = json.loads(run(main, ["users", "list", "--json", "--db", db]).output)
    assert listed == [{"username": "xining", "role": "regulator", "scope": "西宁市", "active": True, "version": 4}]
    assert run(main, ["users", "assign", "甲核查机构", A, "2025", "--db", db]).exit_code == 0
    assert run(main, ["users", "assign", "甲核查机构", B, "2024", "--db", db]).exit_code == 0
    withdrawn = run(main, ["users", "assign", "甲核查机构", A, "2025", "--withdraw", "--db", db])
    assert withdrawn.output.strip() == f"甲核查机构: {A} 2025 已撤回（第 2 版）"
    with Store(db) as store:
        assert assigned(store, "甲核查机构") == {(B, 2024)}
        (only,) = list_accounts(store)
        from accounting.portal.passwords import check_password

        assert check_password(only.password, "another-pass-2") and not check_password(only.password, PASSWORD)
        entries = [json.loads(e) for e in store.log()["entry"]]
    assert [e["action"] for e in entries] == ["account"] * 4 + ["assignment"] * 3
    assert all("password" not in e for e in entries) and [e.get("password_set") for e in entries[:4]] == [
        True,
        None,
        None,
        True,
    ]


def test_the_dashboard_figures_are_kept_until_a_submission_is_stored(tmp_path: Path) -> None:
    from accounting.portal.stored import region_figures

    db = str(tmp_path / "f.db")
    with Store(db) as store:
        list(ingest(store, [a_2024(tmp_path)]))
        first = region_figures(store, 2024, "青海省", None)
        assert region_figures(store, 2024, "青海省", None) is first  # kept
        assert region_figures(store, 2024, "青海省", "海东市") is not first  # another scope, its own
        info = {**INFO, "uscc": B, "city": "西宁市", "name": "乙", "year": 2024}
        other = write_submission(tmp_path / "b.xlsx", info, {"fuel": [fuel_row("烟煤", 100, "t", 1)]})
        assert [o.status for o in ingest(store, [other])] == ["stored"]
        again = region_figures(store, 2024, "青海省", None)
    assert again is not first and len(again.data.now) == 2 and len(first.data.now) == 1
