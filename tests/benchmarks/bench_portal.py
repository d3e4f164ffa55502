"""Bench (h): the portal under load, as its users meet it over HTTP.

``python tests/benchmarks/bench_portal.py [--uploads 50] [--enterprises 10000] [--workers 2]``

1. ``tanhe serve`` on a durable PostgreSQL (``tools/postgres.py``) with W worker processes; N
   enterprises each sign in and upload their own workbook (bench (f)'s 20 lines a month, 288 lines)
   at the same moment, from N threads, then wait on the upload's page. Counted: uploads stored,
   refused, failed or lost (a lost upload is one the store does not hold as a version), the time
   until the last is stored, and each upload's time from sending to its result.
2. The regulator's dashboard with E enterprises stored (built as in bench (g)): the first view (the
   regional figures computed, kept until a submission or statistics workbook is stored), then the
   median and 95th percentile of 20 more, on SQLite and on PostgreSQL.

Cookies are sent over plain HTTP here (``TANHE_SECURE_COOKIES=0``): the bench talks to 127.0.0.1, from
which every simulated user signs in, so the sign-in's rate limit is raised for it.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tools/ and the package from a checkout

from bench_national import variant, write_share  # beside this file
from bench_store import workbook

from accounting import Store, hash_password, save_account
from accounting.store.prepare import prepare
from accounting.uscc import complete

PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """One user's cookies and CSRF token over urllib."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=600) as r:
            return str(r.read().decode("utf-8"))

    def post(self, path: str, body: bytes, content_type: str) -> str:
        request = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": content_type})
        with self.opener.open(request, timeout=600) as r:
            return str(r.geturl())

    def login(self, name: str) -> None:
        token = csrf(self.get("/login"))
        form = urllib.parse.urlencode({"username": name, "password": PASSWORD, "csrf_token": token}).encode()
        self.post("/login", form, "application/x-www-form-urlencoded")

    def upload(self, path: Path) -> str:
        token = csrf(self.get("/enterprise"))
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="{path.name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + path.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post("/upload", body, f"multipart/form-data; boundary={boundary}")


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)


def serve(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "TANHE_SECRET_KEY": "b" * 48,
        "TANHE_SECURE_COOKIES": "0",
        "TANHE_WORKERS": str(workers),
        "TANHE_LOGIN_LIMIT": "10000 per minute",  # every simulated user signs in from this one address
    }
    command = [sys.executable, "-m", "accounting", "serve", "--db", db, "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    return process, f"http://127.0.0.1:{port}"


def uploads(db: str, n: int, workers: int, folder: Path) -> None:
    usccs = [complete(f"91630100MA{i:07d}") for i in range(n)]
    files = [workbook(folder / f"u{i}.xlsx", i, usccs[i]) for i in range(n)]
    with Store(db) as store:
        secret = hash_password(PASSWORD)
        for i, uscc in enumerate(usccs):
            save_account(store, f"e{i}", "bench", role="enterprise", uscc=uscc, password=secret)
    process, base = serve(db, workers)
    results: dict[int, tuple[str, float]] = {}
    start = threading.Barrier(n, timeout=600)

    def one(i: int) -> None:
        b = Browser(base)
        b.login(f"e{i}")
        start.wait()
        t0 = time.perf_counter()
        page_url = b.upload(files[i])
        path = urllib.parse.urlparse(page_url).path
        while True:
            page = b.get(path)
            state = re.search(r'id="state">([^<]+)<', page)
            if state and state.group(1) not in ("排队中", "正在检查与核算"):
                outcome = re.search(r'id="outcome">([^<]+)<', page)
                results[i] = (outcome.group(1) if outcome else state.group(1), time.perf_counter() - t0)
                return
            time.sleep(0.5)

    try:
        t0 = time.perf_counter()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - t0
    finally:
        process.terminate()
        process.wait(timeout=60)
    with Store(db) as store:
        stored = store.latest()
    held = set(stored["uscc"])
    lost = [u for u in usccs if u not in held]
    times = sorted(t for _, t in results.values())
    ok = sum("已入库" in text for text, _ in results.values())
    print(
        f"(h) {n} concurrent uploads (288 lines each), {workers} worker processes, PostgreSQL: {took:.1f} s to the "
        f"last result; stored {ok}, lost {len(lost)} (goal: none lost); time to result median "
        f"{statistics.median(times):.1f} s, slowest {times[-1]:.1f} s"
    )


def dashboard(db: str, name: str, n: int, folder: Path) -> None:
    patterns = [prepare(workbook(folder / f"p{i}.xlsx", i)) for i in range(4)]
    Store(db).close()
    write_share(db, patterns, 0, n, 1)
    with Store(db) as store:
        save_account(store, "reg", "bench", role="regulator", province="青海省", password=hash_password(PASSWORD))
        uscc = variant(patterns, 0).record["uscc"]
    process, base = serve(db, 1)
    try:
        b = Browser(base)
        b.login("reg")  # signing in lands on the dashboard: its figures are computed and kept
        write_share(db, patterns, n, n + 1, 1)  # one more enterprise stored: the next view computes again
        t0 = time.perf_counter()
        b.get("/regulator")  # the first view computes the figures (and pays the imports)
        first = time.perf_counter() - t0
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            page = b.get("/regulator")
            times.append(time.perf_counter() - t0)
        assert f"（共 {n + 1} 家）" in page, "the dashboard lists every enterprise stored"
        assert f"<td>{uscc}</td>" in b.get(f"/regulator?q={uscc}")
    finally:
        process.terminate()
        process.wait(timeout=60)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"    {name}: the regulator's dashboard with {n:,} enterprises: "
        f"the first view {first * 1000:.0f} ms (the figures computed), then median "
        f"{statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms ({len(page) / 1e6:.1f} MB of HTML)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    from tools.postgres import start, stop

    folder = Path(tempfile.mkdtemp(prefix="tanhe-portal-"))
    url, pg = start(durable=True)
    try:
        if args.uploads:
            uploads(url.rsplit("/", 1)[0] + "/" + _database(url, "uploads"), args.uploads, args.workers, folder)
        dashboard(str(folder / "dash.db"), "SQLite", args.enterprises, folder)
        dashboard(url.rsplit("/", 1)[0] + "/" + _database(url, "dash"), "PostgreSQL", args.enterprises, folder)
    finally:
        stop(pg)


def _database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return name


if __name__ == "__main__":
    main()
