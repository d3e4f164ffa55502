"""Work on many files at once: the same map, in this process or in a pool of processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


def pmap(work: Callable[[In], Out], items: Sequence[In], jobs: int, chunksize: int = 1) -> Iterator[Out]:
    """``work`` of each item, in order: in ``jobs`` processes when there are more jobs and items than one,
    else here (no pool to start for one file). ``work`` must be picklable, a module-level function."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(work, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(work, items, chunksize=chunksize)
