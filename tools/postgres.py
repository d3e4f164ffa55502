"""A throwaway PostgreSQL server for tests: initdb into a temporary folder, start it on a free
loopback port with trust authentication, stop and remove it at the end.

``.ci/run`` starts one with ``python tools/postgres.py start`` (it prints the URL to export as
TANHE_TEST_PG, and the folder) and stops it with ``python tools/postgres.py stop FOLDER``; the
test suite starts its own the same way when TANHE_TEST_PG is not set. Debian's ``postgresql``
package provides the binaries (tools/setup-system.sh installs it). initdb refuses to run as root,
so as root the server runs as the ``postgres`` user the package creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

USER = "tanhe"


def binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise SystemExit("PostgreSQL 未安装（Debian: apt-get install postgresql；tools/setup-system.sh 会安装）")
    return found[-1].parent


def _as_server(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(durable: bool = False) -> tuple[str, Path]:
    """Start a server; return (SQLAlchemy URL of its postgres database, its folder). The tests' server
    skips fsync; a benchmark's (``durable``) keeps it, as a real deployment would."""
    bin_dir = binaries()
    folder = Path(tempfile.mkdtemp(prefix="tanhe-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    subprocess.run(
        _as_server(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
        ),
        **quiet,
    )  # type: ignore[call-overload]
    fsync = "on" if durable else "off"
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync={fsync} -c max_connections=50"
    subprocess.run(
        _as_server([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]),
        **quiet,
    )  # type: ignore[call-overload]
    return f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres", folder


def stop(folder: Path) -> None:
    subprocess.run(
        _as_server([str(binaries() / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["start"]:
        url, where = start()
        print(url, where)
    elif sys.argv[1:2] == ["stop"] and len(sys.argv) == 3:
        stop(Path(sys.argv[2]))
    else:
        raise SystemExit("usage: python tools/postgres.py start | stop FOLDER")
