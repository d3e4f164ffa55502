"""The chain's reports written as files: Excel and PDF, in Chinese or English, with their JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accounting.chain.documents import (
    evaluation_document,
    evaluation_json,
    review_document,
    review_json,
)
from accounting.chain.evaluation import evaluate, verifications_of
from accounting.chain.review import review
from accounting.chain.verification_document import verification_document
from accounting.chain.verification_sheet import stored_submission
from accounting.errors import StoreError
from accounting.report.output import safe_stem, scope_of
from accounting.report.written import write_documents
from accounting.store import Store

NAMES = {
    "review": ("月度存证审核", "deposit-review"),
    "verification": ("核查报告", "verification-report"),
    "evaluation": ("核查机构评估", "verifier-evaluation"),
}


def render_review(
    store: Store,
    year: int,
    month: int,
    out: Path | None,
    *,
    province: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    """The monthly review of deposits into ``out`` (None: no files); the files and the JSON."""
    r = review(store, year, month, province)
    if out is None:
        return [], review_json(r)
    docs = {lang: review_document(r, lang) for lang in langs}
    written = write_documents(
        docs,
        out,
        lambda lang: safe_stem(
            scope_of(province, lang), year, f"{month:02d}{'' if lang == 'en' else '月'}_{NAMES['review'][lang == 'en']}"
        ),
        formats,
    )
    return written, review_json(r)


def render_verification(
    store: Store,
    uscc: str,
    year: int,
    out: Path,
    *,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> list[Path]:
    """The 核查报告 of an enterprise's year (its latest verification)."""
    found = verifications_of(store, uscc, year)
    if found.empty:
        raise StoreError(
            f"库中没有 {uscc} {year} 年度的核查记录（用 tanhe template --verification 生成核查表，填写后入库）"
        )
    v = found.iloc[-1].to_dict()
    findings = store.rows("verification_findings", "verification_id", [int(v["id"])]).sort_values("seq")
    _, _, reported = stored_submission(store, uscc, year, int(v["submission_version"]), v["submission_sha256"])
    verified = json.loads(v["result"])
    docs = {lang: verification_document(v, findings, reported.to_dict(), verified, lang) for lang in langs}
    name = verified["enterprise"]["name"]
    return write_documents(
        docs, out, lambda lang: safe_stem(f"{uscc}_{name}", year, NAMES["verification"][lang == "en"]), formats
    )


def render_evaluation(
    store: Store,
    year: int,
    out: Path | None,
    *,
    province: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    """The evaluation of verification bodies for ``year``; the files and the JSON."""
    ev = evaluate(store, year, province)
    if out is None:
        return [], evaluation_json(ev)
    docs = {lang: evaluation_document(ev, lang) for lang in langs}
    return write_documents(
        docs, out, lambda lang: safe_stem(scope_of(province, lang), year, NAMES["evaluation"][lang == "en"]), formats
    ), evaluation_json(ev)
