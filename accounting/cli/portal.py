"""The portal's commands: ``tanhe serve`` and ``tanhe users add | passwd | disable | enable | list | assign``.

Thin: each calls the public API (the portal's settings and server, the store's accounts).
"""

from __future__ import annotations

import getpass
import sys

import click

import accounting as api
from accounting.cli.app import DB, database, echo_json, guarded, main, open_store


def _by() -> str:
    """Who made a change from the command line: the system user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("密码 Password", hide_input=True, confirmation_prompt=True))


@main.command("serve")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="配置文件（TOML，[portal] 表）")
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=int, help="端口")
@click.option("--workers", type=int, help="处理上传的进程数（缺省 2）")
@guarded
def serve(config: str | None, db_url: str | None, host: str, port: int, workers: int | None) -> None:
    """门户网站：企业上传与查看、核查机构查看分配的任务、主管部门的区域看板，同一数据库。

    密钥由环境变量 TANHE_SECRET_KEY 或配置文件给出，不写进代码仓库。

    \b
    例 Example:
      TANHE_SECRET_KEY=... tanhe serve --db postgresql+psycopg://tanhe@/tanhe --port 8000
      tanhe serve --config portal.toml
    """
    settings = api.load_settings(config, db=db_url, workers=workers)  # else the file's, $TANHE_DB, tanhe.db
    click.echo(f"tanhe: http://{host}:{port}/ （数据库 {settings.db}）", err=True)
    api.serve(settings, host=host, port=port)


@main.group()
def users() -> None:
    """门户账户：企业（一个统一社会信用代码）、核查机构、主管部门（省或市），以及核查任务的分配。

    每次变更都是账户的新版本，记入数据库的哈希链日志（不含密码）。

    \b
    例 Example:
      tanhe users add qh-cement --role enterprise --uscc 91630100MA7QH0004R
      tanhe users add xining --role regulator --province 青海省 --city 西宁市
      tanhe users assign 某核查机构 91630100MA7QH0004R 2025
    """


@users.command("add")
@DB
@click.argument("username")
@click.option("--role", type=click.Choice(["enterprise", "verifier", "regulator", "admin"]), required=True)
@click.option("--uscc", default="", help="企业账户的统一社会信用代码")
@click.option("--body", default="", help="核查账户所属的核查机构")
@click.option("--province", default="", help="主管部门账户的省份")
@click.option("--city", default="", help="市级主管部门的市（州）")
@click.option("--display", default="", help="页面上显示的名称")
@click.option("--password-stdin", is_flag=True, help="从标准输入读一行作为密码")
@guarded
def users_add(
    db_url: str | None,
    username: str,
    role: str,
    uscc: str,
    body: str,
    province: str,
    city: str,
    display: str,
    password_stdin: bool,
) -> None:
    """新建账户（密码交互输入，或 --password-stdin 从标准输入读）。

    \b
    例 Example:
      tanhe users add qh-cement --role enterprise --uscc 91630100MA7QH0004R --display 青海示例水泥
      tanhe users add qh-verify --role verifier --body 某核查机构
      tanhe users add qinghai --role regulator --province 青海省
    """
    with api.Store(database(db_url)) as store:
        if api.account(store, username) is not None:
            raise api.AccountingError(f"账户「{username}」已存在；改密码用 tanhe users passwd")
        secret = api.hash_password(_password(password_stdin))
        a = api.save_account(
            store,
            username,
            _by(),
            role=role,
            uscc=uscc,
            body=body,
            province=province,
            city=city,
            display=display,
            password=secret,
        )
    click.echo(f"{a.username}: {a.role} {a.scope()}（第 {a.version} 版）")


@users.command("passwd")
@DB
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="从标准输入读一行作为密码")
@guarded
def users_passwd(db_url: str | None, username: str, password_stdin: bool) -> None:
    """设置新密码（该账户已登录的会话随之失效）。

    \b
    例 Example:
      tanhe users passwd qh-cement
    """
    with open_store(db_url) as store:
        a = api.save_account(store, username, _by(), password=api.hash_password(_password(password_stdin)))
    click.echo(f"{a.username}: 密码已更新（第 {a.version} 版）")


@users.command("disable")
@DB
@click.argument("username")
@guarded
def users_disable(db_url: str | None, username: str) -> None:
    """停用账户（不删除；可用 enable 恢复；已登录的会话随之失效）。

    \b
    例 Example:
      tanhe users disable qh-cement
    """
    _switch(db_url, username, active=False)


@users.command("enable")
@DB
@click.argument("username")
@guarded
def users_enable(db_url: str | None, username: str) -> None:
    """恢复停用的账户。

    \b
    例 Example:
      tanhe users enable qh-cement
    """
    _switch(db_url, username, active=True)


def _switch(db_url: str | None, username: str, active: bool) -> None:
    """Open or close an account: its next version, logged."""
    with open_store(db_url) as store:
        a = api.save_account(store, username, _by(), active=active)
    click.echo(f"{a.username}: {'已恢复' if active else '已停用'}（第 {a.version} 版）")


@users.command("list")
@DB
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@guarded
def users_list(db_url: str | None, as_json: bool) -> None:
    """列出账户（当前版本）。

    \b
    例 Example:
      tanhe users list --json
    """
    with open_store(db_url) as store:
        found = api.list_accounts(store)
    if as_json:
        echo_json(
            [
                {"username": a.username, "role": a.role, "scope": a.scope(), "active": a.active, "version": a.version}
                for a in found
            ]
        )
        return
    for a in found:
        state = "" if a.active else "（已停用）"
        click.echo(f"{a.username}\t{a.role}\t{a.scope()}\t第 {a.version} 版{state}")


@users.command("assign")
@DB
@click.argument("body")
@click.argument("uscc")
@click.argument("year", type=int)
@click.option("--withdraw", is_flag=True, help="撤回这项分配")
@guarded
def users_assign(db_url: str | None, body: str, uscc: str, year: int, withdraw: bool) -> None:
    """把企业某年度的核查分配给核查机构（或撤回）。

    \b
    例 Example:
      tanhe users assign 某核查机构 91630100MA7QH0004R 2025
      tanhe users assign 某核查机构 91630100MA7QH0004R 2025 --withdraw
    """
    with open_store(db_url) as store:
        version = api.assign(store, body, uscc, year, _by(), active=not withdraw)
    click.echo(f"{body}: {uscc} {year} {'已撤回' if withdraw else '已分配'}（第 {version} 版）")
