"""Writing files so that no reader ever sees half of one: a temporary name beside, then a rename."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from accounting.errors import WriteError

# why a write failed, in the words of a user who can do something about it
_REASONS = {
    errno.EACCES: "没有写入该文件夹的权限",
    errno.EPERM: "没有写入该文件夹的权限",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "路径中有一段是文件，不是文件夹",
    errno.EISDIR: "同名的文件夹已存在",
}


@cache
def _file_mode() -> int:
    """The mode a new file gets from the user's umask (0666 & ~umask), as with ``open``."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_error(exc: OSError, path: Path) -> WriteError:
    """The error to raise when writing ``path`` failed with ``exc``, its reason in a user's words."""
    return WriteError(_REASONS.get(exc.errno or 0, exc.strerror or "写入失败"), file=str(path))


def write_atomically(path: Path, write: Callable[[str], object]) -> Path:
    """Call ``write(temporary_path)`` beside ``path``, then rename it into place.

    The file gets the mode the user's umask gives any new file (a temporary file is made 0600,
    which would keep colleagues on a shared drive out). On failure the temporary file goes and
    whatever stood at ``path`` stays as it was.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tanhe-", suffix=path.suffix)
        os.close(fd)
        write(tmp)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(exc, path) from exc
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return path
