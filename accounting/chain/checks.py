"""``tanhe validate`` over every workbook the chain knows: a deposit is checked as a deposit, and an
annual submission, given the store, also against the deposits of its months."""

from __future__ import annotations

from pathlib import Path

from accounting.calc import Options, calculate, ordered
from accounting.chain.deposit import is_deposit, read_deposit, validate_deposit
from accounting.chain.reconcile import reconcile
from accounting.errors import InvalidSubmission
from accounting.factors import Library
from accounting.issues import Report
from accounting.reader import open_workbook, read_submission
from accounting.store import Store


def validate_file(path: str | Path, method: str | None = None, options: Options | None = None,
                  library: Library | None = None, store: Store | None = None) -> Report:
    """Every issue of the workbook at ``path``: a deposit's, or a submission's and, with ``store``,
    every difference from the month's latest deposits."""
    opened = open_workbook(Path(path))
    if is_deposit(opened[0].sheet_names):
        return validate_deposit(read_deposit(path, opened))
    submission = read_submission(path, opened)
    try:
        result = calculate(submission, method, options, library)
    except InvalidSubmission as exc:
        return exc.report
    found = reconcile(store, submission, result) if store is not None else []
    return Report(submission.file, ordered([*result.issues, *found]))
