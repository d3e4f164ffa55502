"""JSON as the standard has it: a number that is not finite is written null, never ``Infinity``/``NaN``.

Python's ``json`` writes ``Infinity`` by default, which no other JSON reader accepts; every JSON that
tanhe prints or stores goes through :func:`dumps`.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every float that is not finite (and every NumPy one) made None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps(value)`` with no non-finite number in it, and ``ensure_ascii=False`` (Chinese as written)."""
    return json.dumps(finite(value), ensure_ascii=False, allow_nan=False, **options)
