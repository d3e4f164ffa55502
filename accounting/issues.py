"""Issues found in a submission, each located, coded and worded; and the report that holds them.

Codes form a closed catalogue (:data:`CATALOGUE`, read from ``issue_codes.csv``): tests and other
tools rely on them, so a code is never renamed. Each entry gives the severity and the message in
Chinese and English; the message templates take the issue's ``value`` and ``expected``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]

CODES = Path(__file__).with_name("issue_codes.csv")
SEVERITY_LABELS = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}


def _catalogue() -> dict[str, tuple[Severity, str, str]]:
    with CODES.open(encoding="utf-8", newline="") as fh:
        return {
            row["code"]: (row["severity"], row["message_zh"], row["message_en"])  # type: ignore[misc]
            for row in csv.DictReader(fh)
        }


CATALOGUE: dict[str, tuple[Severity, str, str]] = _catalogue()


def stored_message(code: str, sheet: str, cell: str, message: str, lang: str = "zh") -> str:
    """A message as the store keeps it (in Chinese), in ``lang``: read back into its value and
    expectation by the code's Chinese wording, and worded again; as stored where it does not read
    back (a code since renamed, wording since changed)."""
    if lang != "en" or code not in CATALOGUE:
        return message
    match = _wording(code).fullmatch(message)
    if match is None:
        return message
    parts = match.groupdict()
    return Issue(code, sheet, cell, parts.get("value", ""), parts.get("expected", "")).message(lang)


@cache
def _wording(code: str) -> re.Pattern[str]:
    pattern, seen = "", set()
    for piece in re.split(r"(\{value\}|\{expected\})", CATALOGUE[code][1]):
        name = piece[1:-1]
        if piece in ("{value}", "{expected}"):
            pattern += f"(?P={name})" if name in seen else f"(?P<{name}>.*?)"
            seen.add(name)
        else:
            pattern += re.escape(piece)
    return re.compile(pattern, re.DOTALL)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem at one place: ``cell`` as Excel names it (D7), or blank for a whole sheet."""

    code: str
    sheet: str = ""
    cell: str = ""
    value: Any = ""
    expected: str = ""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"issue code {self.code!r} is not in the catalogue")

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code][0]

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang``. In English, what tanhe wrote in Chinese is put into English: the
        expectation, and the value; a cell's value only when all of it is a known name (it quotes the
        user's cell, shown as typed otherwise)."""
        if lang != "en":
            return CATALOGUE[self.code][1].format(value=self.value, expected=self.expected)
        from accounting.glossary import english, english_whole

        value = self.value
        if isinstance(value, str):
            value = english_whole(value) if self.cell else english(value)
        return CATALOGUE[self.code][2].format(value=value, expected=english(self.expected))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        value = self.value if isinstance(self.value, (int, float, str)) else str(self.value)
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "value": value,
            "expected": self.expected,
            "message": self.message(lang),
        }


# A submission's issue list keeps this many and counts the rest. A person fixes a few hundred; a file
# with more is wrong throughout (another template, shifted columns) and the first ones show it. The
# bound keeps memory bounded too: a 2 MB file of shared-string cells can unfold into 12 M cells.
MAX_ISSUES = 100_000


class IssueList(list[Issue]):
    """Issues in the order found: the first :data:`MAX_ISSUES`, and a count of the rest."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        self.dropped = 0
        self.extend(items)

    def append(self, issue: Issue) -> None:
        if issue.code == "issues-truncated":  # the count of an earlier list, carried over
            self.dropped += int(issue.value)
        elif len(self) < MAX_ISSUES:
            super().append(issue)
        else:
            self.dropped += 1

    def extend(self, issues: Any) -> None:
        for issue in issues:
            self.append(issue)

    def closed(self) -> list[Issue]:
        """The issues kept, and one more that says how many were not, if any were not."""
        rest = [Issue("issues-truncated", "", "", self.dropped, f"{MAX_ISSUES:,}")] if self.dropped else []
        return [*self, *rest]


@dataclass(frozen=True)
class ValidationReport:
    """Every issue of one submission, in the order sheets and rows were read."""

    file: str
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "file": self.file,
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "issues": [i.to_dict(lang) for i in self.issues],
        }

    def counts(self, lang: str = "zh") -> str:
        """ "2 个错误，1 个警告" / "2 errors, 1 warning"."""
        errors, warnings = len(self.errors), len(self.warnings)
        if lang != "en":
            return f"{errors} 个错误，{warnings} 个警告"
        return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"

    def render_text(self, lang: str = "zh") -> str:
        """One line an issue: where, severity, message."""
        label = SEVERITY_LABELS["en" if lang == "en" else "zh"]
        lines = []
        for i in self.issues:
            where = "!".join(p for p in (i.sheet, i.cell) if p)
            lines.append(f"{self.file}:{where}: {label[i.severity]} [{i.code}] {i.message(lang)}")
        return "\n".join(lines)
