"""``tanhe serve``: the portal on Waitress (a production WSGI server, threads for requests) with its
pool of worker processes for uploads; uploads a previous server left unfinished are taken up again."""

from __future__ import annotations

import signal

from accounting.portal.config import Settings


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    from waitress import serve as waitress

    from accounting.portal.app import create_app
    from accounting.portal.work import Work

    work = Work(settings.db, settings.workers)
    app = create_app(settings, work)
    work.recover()
    # a service manager stops the server with SIGTERM: end as on Ctrl-C, so that the worker processes
    # are stopped with it (uploads they leave running are taken up when a server starts again)
    signal.signal(signal.SIGTERM, _stop)
    try:
        waitress(app, host=host, port=port, threads=threads, ident="tanhe")
    finally:
        work.close()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)
