"""One error root, :class:`AccountingError`, with a subclass per broken rule.

Each error carries where it happened (file, sheet, cell) and what was found and expected, and
its message says all of it, Chinese first. Each also mixes in the matching builtin, so callers
may catch ``ValueError`` or ``LookupError`` as well.
"""

from __future__ import annotations

from typing import Any


class AccountingError(Exception):
    """Root of every error tanhe raises on purpose."""

    what = "核算错误"

    def __init__(
        self,
        detail: str = "",
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        found: Any = None,
        expected: str | None = None,
    ) -> None:
        self.detail = detail
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.found = found
        self.expected = expected
        super().__init__(self.message)

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"文件 {self.file}")
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        return "，".join(parts)

    @property
    def message(self) -> str:
        text = self.detail or self.what
        if self.found is not None:
            text += f"（发现：{self.found!s}"
            text += f"；应为：{self.expected}）" if self.expected else "）"
        elif self.expected:
            text += f"（应为：{self.expected}）"
        return f"{self.where}：{text}" if self.where else text

    def located(self, **where: str | None) -> AccountingError:
        """The same error, placed at ``file``/``sheet``/``cell`` where it was not yet placed."""
        for key, value in where.items():
            if getattr(self, key) is None:
                setattr(self, key, value)
        self.args = (self.message,)
        return self

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only fields survive pickling (multiprocessing batches)
        return (_rebuild, (type(self), self.detail, self.__dict__.copy()))


def _rebuild(cls: type[AccountingError], detail: str, state: dict[str, Any]) -> AccountingError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.message)
    return error


class UnreadableWorkbook(AccountingError, OSError):
    """The file is missing, empty, not a workbook, truncated, encrypted or too large."""

    what = "无法读取工作簿"


class UnitError(AccountingError, ValueError):
    """A unit text that does not parse, or does not fit the quantity it measures."""

    what = "计量单位无法识别或与该项不符"


class FactorError(AccountingError, LookupError):
    """No factor for what was asked (fuel, province, data year), or a factor table breaks its schema."""

    what = "排放因子缺失或因子表不合规"


class MethodError(AccountingError, ValueError):
    """An unknown method, or options a method cannot take."""

    what = "核算方法无效"


class InvalidSubmission(AccountingError, ValueError):
    """The submission has errors; ``report`` holds every one of them."""

    what = "报送数据有误，未计算"

    def __init__(self, report: Any, *, file: str | None = None) -> None:
        self.report = report
        errors = [issue for issue in report.issues if issue.severity == "error"]
        super().__init__(f"报送数据有 {len(errors)} 处错误，未计算", file=file)


class ReportError(AccountingError, RuntimeError):
    """A report cannot be rendered: no CJK font, an output path outside the folder, a template fault."""

    what = "报告无法生成"


class WriteError(AccountingError, OSError):
    """A file cannot be written: no permission, a read-only or full disk, a name the file system refuses."""

    what = "文件无法写入"


class InternalError(AccountingError, RuntimeError):
    """A fault of tanhe itself met on one file of a batch: named, and the batch goes on."""

    what = "tanhe 内部错误：此文件未处理，其余照常（请把文件与这条消息发给维护者）"

    @classmethod
    def of(cls, exc: BaseException, file: str) -> InternalError:
        return cls(f"{cls.what}：{type(exc).__name__}: {str(exc)[:200]}", file=file)


class StoreError(AccountingError, RuntimeError):
    """The store cannot be opened or written: a bad URL, a file that is not a database, a lock held too long."""

    what = "数据库无法打开或写入"
