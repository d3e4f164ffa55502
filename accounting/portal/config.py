"""The portal's settings: a TOML file (``tanhe serve --config``), then ``TANHE_*`` environment
variables, then the command's options. No secret lives in the repository: without a secret key
the portal does not start."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from accounting.errors import AccountingError

ENV = {
    "db": "TANHE_DB",
    "secret_key": "TANHE_SECRET_KEY",
    "upload_mb": "TANHE_UPLOAD_MB",
    "workers": "TANHE_WORKERS",
    "secure_cookies": "TANHE_SECURE_COOKIES",
    "login_limit": "TANHE_LOGIN_LIMIT",
    "limiter_storage": "TANHE_LIMITER_STORAGE",
}


@dataclass(frozen=True)
class Settings:
    db: str = "tanhe.db"
    secret_key: str = ""
    upload_mb: int = 20  # the largest upload, MB (a 200 000-line workbook is about 6 MB)
    workers: int = 2  # processes that read and calculate uploads
    secure_cookies: bool = True  # cookies sent over HTTPS only (browsers treat localhost as secure)
    login_limit: str = "10 per minute"  # failed-or-not login attempts per address
    limiter_storage: str = "memory://"  # one server; several share e.g. redis:// or memcached://


def _typed(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind in ("int", int):
        return int(value)
    if kind in ("bool", bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
    return str(value)


def load_settings(path: str | Path | None = None, **given: Any) -> Settings:
    """Settings from ``path`` (TOML, table ``[portal]`` or top level), the environment, then ``given``
    (options that are None are not given)."""
    values: dict[str, Any] = {}
    if path is not None:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise AccountingError(f"无法读取门户配置文件（{exc}）", file=str(path)) from exc
        data = data.get("portal", data)
        unknown = set(data) - set(ENV)
        if unknown:
            raise AccountingError(f"门户配置文件中有未知设置：{'、'.join(sorted(unknown))}", file=str(path))
        values |= data
    values |= {k: os.environ[v] for k, v in ENV.items() if v in os.environ}
    values |= {k: v for k, v in given.items() if v is not None}
    settings = replace(Settings(), **{k: _typed(k, v) for k, v in values.items()})
    if len(settings.secret_key) < 32:
        raise AccountingError(
            "门户需要至少 32 个字符的密钥：在环境变量 TANHE_SECRET_KEY 或配置文件中给出"
            "（例如 python -c 'import secrets; print(secrets.token_hex(32))' 生成），不要写进代码仓库"
        )
    if settings.upload_mb < 1 or settings.workers < 1:
        raise AccountingError("上传上限（MB）与处理进程数须至少为 1")
    return settings
