"""Issue 22's goals, printed beside each figure with whether this run reached it."""

from __future__ import annotations


def goal(value: float, bound: float, text: str, at_most: bool = True) -> str:
    """``(goal ≤ 1.2 ×: reached)``; a goal not reached points to the README, which says what bounds it."""
    met = value <= bound if at_most else value >= bound
    return f"(goal {text}: {'reached' if met else 'not reached, see the README'})"
