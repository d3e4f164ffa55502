"""统一社会信用代码 (USCC) check digit, GB 32100-2015 §4 and 附录 A."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^(i) mod 31


def check_character(first17: str) -> str:
    """The 18th character for the first 17: C18 = 31 − (Σ Ci × Wi mod 31), 31 written as 0."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17.upper(), WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def complete(first17: str) -> str:
    """The whole code: the first 17 characters and their check character."""
    return first17 + check_character(first17)


def is_valid(code: str) -> bool:
    """Whether ``code`` is 18 characters of the charset with a correct check character."""
    return problem(code) == ""


def problem(code: str) -> str:
    """What is wrong with ``code`` in words, or '' when it is a valid USCC."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"应为 18 位，实为 {len(code)} 位"
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        return f"含不允许的字符 {'、'.join(bad)}（不使用 I、O、S、V、Z）"
    expected = check_character(code[:17])
    if expected != code[17]:
        return f"校验码应为 {expected}（GB 32100）"
    return ""
