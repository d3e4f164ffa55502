"""``tanhe validate`` over every file the chain knows: a deposit is checked as a deposit, an annual
submission, given the store, also against the deposits of its months, a CSV as the export it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from accounting.calc import Options, calculate, ordered
from accounting.chain.deposit import is_deposit, read_deposit, validate_deposit
from accounting.errors import InvalidSubmission
from accounting.factors import Library
from accounting.issues import ValidationReport
from accounting.reader import open_workbook, read_submission

if TYPE_CHECKING:  # the store (SQLAlchemy) is loaded only when a store is given
    from accounting.store import Store


def validate_file(
    path: str | Path,
    method: str | None = None,
    options: Options | None = None,
    library: Library | None = None,
    store: Store | None = None,
) -> ValidationReport:
    """Every issue of the workbook at ``path``: a deposit's, or a submission's and, with ``store``,
    every difference from the month's latest deposits. A CSV is a registry's export of holdings or a
    grid company's electricity, checked as it would be stored."""
    if Path(path).suffix.lower() == ".csv":
        return _csv(Path(path))
    opened = open_workbook(Path(path))
    if is_deposit(opened[0].sheet_names):
        return validate_deposit(read_deposit(path, opened))
    submission = read_submission(path, opened)
    try:
        result = calculate(submission, method, options, library)
    except InvalidSubmission as exc:
        return exc.report
    found = []
    if store is not None:
        from accounting.chain.reconcile import reconcile

        found = reconcile(store, submission, result)
    return ValidationReport(submission.file, ordered([*result.issues, *found]))


def _csv(path: Path) -> ValidationReport:
    from accounting.chain.grid import read_grid
    from accounting.market.registry import is_registry, read_registry
    from accounting.store.record import read_bytes

    content = read_bytes(path)
    try:
        (read_registry if is_registry(content) else read_grid)(path, content)
    except InvalidSubmission as exc:
        return exc.report
    return ValidationReport(str(path), ())
