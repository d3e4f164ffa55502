"""tanhe (碳核): greenhouse-gas accounting and carbon-peak plan tracking for China.

The public API; the command line (``tanhe``) calls only this::

    from accounting import read_submission, calculate
    result = calculate(read_submission("submission.xlsx"))
    print(result.to_json())

Each name is imported on first use (PEP 562), so ``import accounting`` and ``tanhe --help`` do
not load the store, the renderers and WeasyPrint until a command needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name → (module, attribute in it); the one list of what is public
_PUBLIC: dict[str, tuple[str, str]] = {
    # submissions: read, check, calculate
    "Submission": ("accounting.submission", "Submission"),
    "read_submission": ("accounting.reader", "read_submission"),
    "Options": ("accounting.calc", "Options"),
    "calculate": ("accounting.calc", "calculate"),
    "validate": ("accounting.calc", "validate"),
    "validate_file": ("accounting.chain.checks", "validate_file"),
    "annotate": ("accounting.annotate", "annotate"),
    "Result": ("accounting.result", "Result"),
    "Labels": ("accounting.report.document", "Labels"),
    "CATALOGUE": ("accounting.issues", "CATALOGUE"),
    "Issue": ("accounting.issues", "Issue"),
    "ValidationReport": ("accounting.issues", "ValidationReport"),
    # errors
    "AccountingError": ("accounting.errors", "AccountingError"),
    "FactorError": ("accounting.errors", "FactorError"),
    "InvalidSubmission": ("accounting.errors", "InvalidSubmission"),
    "MethodError": ("accounting.errors", "MethodError"),
    "ReportError": ("accounting.errors", "ReportError"),
    "UnitError": ("accounting.errors", "UnitError"),
    "UnreadableWorkbook": ("accounting.errors", "UnreadableWorkbook"),
    # factors
    "FactorSet": ("accounting.factors", "FactorSet"),
    "Library": ("accounting.factors", "Library"),
    "Method": ("accounting.factors", "Method"),
    "bundled": ("accounting.factors", "bundled"),
    "load_library": ("accounting.factors", "load_library"),
    # workbooks to fill in, and the bundled samples
    "SECTORS": ("accounting.schema", "SECTORS"),
    "SECTOR_ZH": ("accounting.schema", "SECTOR_ZH"),
    "sector_name": ("accounting.schema", "sector_name"),
    # the words tanhe writes in Chinese, in English
    "english": ("accounting.glossary", "english"),
    "TEMPLATE_VERSION": ("accounting.schema", "TEMPLATE_VERSION"),
    "write_template": ("accounting.template", "write_template"),
    "write_statistics": ("accounting.statistics", "write_statistics"),
    "write_budget": ("accounting.planning.budgets", "write_budget"),
    "write_deposit_template": ("accounting.chain.deposit_template", "write_deposit_template"),
    "write_verification_template": ("accounting.chain.verification_sheet", "write_verification_template"),
    "SAMPLES": ("accounting.samples", "SAMPLES"),
    "sample_for": ("accounting.samples", "sample_for"),
    "sample_sector": ("accounting.samples", "sample_sector"),
    "write_sample": ("accounting.samples", "write_sample"),
    "run_demo": ("accounting.demo", "run_demo"),
    # an enterprise's reports
    "REPORT_KINDS": ("accounting.report", "KINDS"),
    "ReportJob": ("accounting.report", "Job"),
    "render_report": ("accounting.report", "render"),
    "render_batch": ("accounting.report", "render_batch"),
    # the regulator's store and reports
    "DEFAULT_DB": ("accounting.store", "DEFAULT_DB"),
    "strict_json": ("accounting.jsontext", "dumps"),
    "log_head": ("accounting.store.verify", "head"),
    "Outcome": ("accounting.store", "Outcome"),
    "Store": ("accounting.store", "Store"),
    "ingest": ("accounting.store.ingest", "ingest"),
    "verify": ("accounting.store.verify", "verify"),
    "target_catalogue": ("accounting.targets", "catalogue"),
    "render_region": ("accounting.region", "render_region"),
    "render_budget": ("accounting.planning", "render_budget"),
    "render_inventory": ("accounting.planning", "render_inventory"),
    "write_balance": ("accounting.planning.inventory", "write_balance"),
    "parse_scenario": ("accounting.planning.trajectory", "parse_scenario"),
    "render_assessment": ("accounting.planning", "render_assessment"),
    "render_projects": ("accounting.planning", "render_projects"),
    "write_project": ("accounting.planning.projects", "write_project"),
    "read_project": ("accounting.planning.projects", "read_project"),
    "render_review": ("accounting.chain.render", "render_review"),
    "render_verification": ("accounting.chain.render", "render_verification"),
    "render_evaluation": ("accounting.chain.render", "render_evaluation"),
    # the portal (tanhe serve) and its accounts
    "Settings": ("accounting.portal.config", "Settings"),
    "load_settings": ("accounting.portal.config", "load_settings"),
    "create_app": ("accounting.portal.app", "create_app"),
    "serve": ("accounting.portal.serve", "serve"),
    "ROLES": ("accounting.store.accounts", "ROLES"),
    "Account": ("accounting.store.accounts", "Account"),
    "account": ("accounting.store.accounts", "account"),
    "save_account": ("accounting.store.accounts", "save_account"),
    "list_accounts": ("accounting.store.accounts", "list_accounts"),
    "assign": ("accounting.store.accounts", "assign"),
    "assigned": ("accounting.store.accounts", "assigned"),
    "hash_password": ("accounting.portal.passwords", "hash_password"),
    "render_allocation": ("accounting.market.render", "render_allocation"),
    "render_compliance": ("accounting.market.render", "render_compliance"),
    "render_roster": ("accounting.market.render", "render_roster"),
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'accounting' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # once looked up, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


if TYPE_CHECKING:  # what a type checker and an editor see; the same names as _PUBLIC
    from accounting.annotate import annotate
    from accounting.calc import Options, calculate, validate
    from accounting.chain.checks import validate_file
    from accounting.chain.deposit_template import write_deposit_template
    from accounting.chain.render import render_evaluation, render_review, render_verification
    from accounting.chain.verification_sheet import write_verification_template
    from accounting.demo import run_demo
    from accounting.errors import (
        AccountingError,
        FactorError,
        InvalidSubmission,
        MethodError,
        ReportError,
        UnitError,
        UnreadableWorkbook,
    )
    from accounting.factors import FactorSet, Library, Method, bundled, load_library
    from accounting.glossary import english
    from accounting.issues import CATALOGUE, Issue, ValidationReport
    from accounting.jsontext import dumps as strict_json
    from accounting.market.render import render_allocation, render_compliance, render_roster
    from accounting.planning import render_assessment, render_budget, render_inventory, render_projects
    from accounting.planning.budgets import write_budget
    from accounting.planning.inventory import write_balance
    from accounting.planning.projects import read_project, write_project
    from accounting.planning.trajectory import parse_scenario
    from accounting.portal.app import create_app
    from accounting.portal.config import Settings, load_settings
    from accounting.portal.passwords import hash_password
    from accounting.portal.serve import serve
    from accounting.reader import read_submission
    from accounting.region import render_region
    from accounting.report import KINDS as REPORT_KINDS
    from accounting.report import Job as ReportJob
    from accounting.report import render as render_report
    from accounting.report import render_batch
    from accounting.report.document import Labels
    from accounting.result import Result
    from accounting.samples import SAMPLES, sample_for, sample_sector, write_sample
    from accounting.schema import SECTOR_ZH, SECTORS, TEMPLATE_VERSION, sector_name
    from accounting.statistics import write_statistics
    from accounting.store import DEFAULT_DB, Outcome, Store
    from accounting.store.accounts import ROLES, Account, account, assign, assigned, list_accounts, save_account
    from accounting.store.ingest import ingest
    from accounting.store.verify import head as log_head
    from accounting.store.verify import verify
    from accounting.submission import Submission
    from accounting.targets import catalogue as target_catalogue
    from accounting.template import write_template
