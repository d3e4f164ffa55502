"""tanhe (碳核): greenhouse-gas accounting and carbon-peak plan tracking for China.

The public API; the command line (``tanhe``) calls only this::

    from accounting import read_submission, calculate
    result = calculate(read_submission("submission.xlsx"))
    print(result.to_json())
"""

from accounting.annotate import annotate
from accounting.calc import Options, calculate, validate
from accounting.chain.checks import validate_file
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
from accounting.issues import CATALOGUE, Issue, Report
from accounting.reader import read_submission
from accounting.report import KINDS as REPORT_KINDS
from accounting.report import Job as ReportJob
from accounting.report import render as render_report
from accounting.report import render_batch
from accounting.result import Result
from accounting.samples import SAMPLES, sample_for, sample_sector, write_sample
from accounting.schema import SECTOR_ZH, SECTORS, TEMPLATE_VERSION
from accounting.store import Outcome, Store, verify
from accounting.submission import Submission
from accounting.template import write_template

__all__ = [
    "CATALOGUE",
    "REPORT_KINDS",
    "SAMPLES",
    "SECTORS",
    "SECTOR_ZH",
    "TEMPLATE_VERSION",
    "AccountingError",
    "FactorError",
    "FactorSet",
    "InvalidSubmission",
    "Issue",
    "Library",
    "Method",
    "MethodError",
    "Options",
    "Outcome",
    "Report",
    "ReportError",
    "ReportJob",
    "Result",
    "Store",
    "Submission",
    "UnitError",
    "UnreadableWorkbook",
    "annotate",
    "bundled",
    "calculate",
    "load_library",
    "read_submission",
    "render_batch",
    "render_report",
    "run_demo",
    "sample_for",
    "sample_sector",
    "validate",
    "validate_file",
    "verify",
    "write_sample",
    "write_template",
]
