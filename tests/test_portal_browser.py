"""The portal end to end in a real browser: ``tanhe serve`` started as a user starts it, Debian's
chromium driven by Playwright (the system browser, never a downloaded one). An enterprise signs in,
uploads a workbook with planted errors, sees each at its cell, uploads the fix and downloads the PDF;
a regulator's dashboard shows the figures of ``tanhe report region --json``; a verifier opens its
assignment. Each page is captured in Chinese and in English (``TANHE_SCREENSHOTS=folder`` keeps them).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accounting import Store, assign, hash_password, ingest, render_region, save_account, write_sample
from tests.test_portal import PASSWORD, A, a_2024, planted

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    folder = tmp_path_factory.mktemp("browser")
    db = str(folder / "portal.db")
    with Store(db) as store:
        files = [write_sample("qinghai-cement", folder / "cement.xlsx"), a_2024(folder)]
        assert [o.status for o in ingest(store, files)] == ["stored", "stored"]
        secret = hash_password(PASSWORD)
        save_account(store, "ent-a", "test", role="enterprise", uscc=A, display="青海示例水泥", password=secret)
        save_account(store, "ver-x", "test", role="verifier", body="甲核查机构", password=secret)
        save_account(store, "reg-qh", "test", role="regulator", province="青海省", password=secret)
        assign(store, "甲核查机构", A, 2025, "test")
    port = free_port()
    env = {**os.environ, "TANHE_SECRET_KEY": "s" * 48, "TANHE_WORKERS": "1"}
    command = [sys.executable, "-m", "accounting", "serve", "--db", db, "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            time.sleep(0.2)
    yield url, db, folder
    found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    workers = [int(p) for p in found]  # the upload workers (once an upload has been made) and their tracker
    process.terminate()  # as a service manager stops it: the workers stop with it
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while workers and time.monotonic() < deadline:
        workers = [p for p in workers if _alive(p)]
        time.sleep(0.2)
    assert workers == [], f"worker processes left running: {workers}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")  # a zombie has ended


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "Debian's chromium is missing: tools/setup-system.sh installs it (make .venv/.installed)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def shots() -> Path | None:
    folder = os.environ.get("TANHE_SCREENSHOTS")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


def capture(page: Any, name: str) -> None:
    """The page in Chinese and in English (kept when TANHE_SCREENSHOTS names a folder)."""
    folder = shots()
    for lang in ("zh", "en"):
        page.goto(page.url.split("?")[0] + f"?lang={lang}")
        assert ("Sign out" in page.content()) == (lang == "en")
        if folder is not None:
            page.screenshot(path=str(folder / f"{name}-{lang}.png"), full_page=True)
            page.screenshot(path=str(folder / f"{name}-{lang}-top.png"))
    page.goto(page.url.split("?")[0] + "?lang=zh")


def sign_in(browser: Any, url: str, name: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{url}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form#login button")
    page.wait_for_url(lambda u: "/login" not in u)
    return page


def wait_processed(page: Any) -> None:
    for _ in range(300):
        state = page.inner_text("#state")
        if state not in ("排队中", "正在检查与核算"):
            return
        time.sleep(0.5)
        page.reload()
    raise AssertionError("the upload was not processed")


def test_an_enterprise_uploads_sees_its_errors_fixes_them_and_downloads_the_pdf(server: Any, browser: Any) -> None:
    url, _, folder = server
    page = sign_in(browser, url, "ent-a")
    assert page.url.endswith("/enterprise")
    capture(page, "enterprise")
    page.set_input_files("form#upload input[name=workbook]", str(planted(folder, fixed=False)))
    page.click("form#upload button")
    wait_processed(page)
    assert "未入库" in page.inner_text("#outcome")
    cells = page.eval_on_selector_all("#issues tr[data-cell]", "rows => rows.map(r => r.dataset.cell)")
    assert sorted(cells) == ["化石燃料!B3", "化石燃料!D4"]
    assert page.inner_text("#issues td.hit >> nth=0") in ("不存在的煤", "-5")
    capture(page, "upload-refused")
    with page.expect_download() as marked:
        page.click("#annotated")
    assert marked.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{url}/enterprise")
    page.set_input_files("form#upload input[name=workbook]", str(planted(folder, fixed=True)))
    page.click("form#upload button")
    wait_processed(page)
    assert "已入库" in page.inner_text("#outcome")
    page.click("#view")
    assert "排放报告 PDF" in page.inner_text("#downloads")
    capture(page, "submission")
    with page.expect_download() as pdf:
        page.click("#downloads a >> nth=0")
    saved = folder / "report.pdf"
    pdf.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"
    page.context.close()


def test_the_regulator_dashboard_shows_the_regional_json(server: Any, browser: Any) -> None:
    url, db, _ = server
    with Store(db) as store:
        _, summary = render_region(store, 2025, None, province="青海省")
    page = sign_in(browser, url, "reg-qh")
    assert page.url.endswith("/regulator")
    shown = page.inner_text("main")
    for region in summary["regions"]:
        assert region["region"] in shown and f"{region['tco2e']:,.2f}" in shown, json.dumps(region)
    capture(page, "regulator")
    phone = sign_in(browser, url, "reg-qh", width=390)  # readable on a phone: no page wider than it
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    if (folder := shots()) is not None:
        phone.screenshot(path=str(folder / "regulator-phone.png"), full_page=False)
    page.context.close()
    phone.context.close()


def test_a_verifier_opens_its_assignment(server: Any, browser: Any) -> None:
    url, _, _ = server
    page = sign_in(browser, url, "ver-x")
    assert page.url.endswith("/verifier")
    capture(page, "verifier")
    page.click("#assignments a >> nth=0")
    assert f"/submissions/{A}/2025" in page.url
    assert "核查工作簿" in page.inner_text("#downloads")
    page.goto(f"{url}/submissions/{A}/2024")  # not assigned
    assert "没有找到" in page.inner_text("#message")
    page.context.close()
