"""Writing files so that no reader ever sees half of one: a temporary name beside, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path


@cache
def _file_mode() -> int:
    """The mode a new file gets from the user's umask (0666 & ~umask), as with ``open``."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, write: Callable[[str], object]) -> Path:
    """Call ``write(temporary_path)`` beside ``path``, then rename it into place.

    The file gets the mode the user's umask gives any new file (a temporary file is made 0600,
    which would keep colleagues on a shared drive out). On failure the temporary file goes and
    whatever stood at ``path`` stays as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tanhe-", suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
