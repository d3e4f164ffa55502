"""Passwords: Argon2id (argon2-cffi, the parameters it recommends); the store keeps the hash only."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from accounting.errors import AccountingError

_HASHER = PasswordHasher()
MIN_LENGTH = 10
# a hash to check against when the account does not exist, so that a wrong name takes as long as a
# wrong password (no telling which accounts exist by the time a refusal takes)
_ABSENT = _HASHER.hash("no such account, no such password")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise AccountingError(f"密码至少 {MIN_LENGTH} 个字符")
    return _HASHER.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` hashes; a missing account is checked against a
    hash of nothing, and fails."""
    try:
        return bool(_HASHER.verify(stored or _ABSENT, password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
