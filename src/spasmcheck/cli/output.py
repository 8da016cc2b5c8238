"""Writing a result to a file the user named: private, whole or not at all.

Results hold health data, so the file is created readable by its owner only (0600), and
written to a temporary file first, then renamed: an interrupted write never leaves a
half-written report, and a failed one leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from spasmcheck.errors import UsageError


def write_private(path: Path, text: str) -> None:
    """Atomically write ``text`` to ``path`` with owner-only permissions."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name for --output")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
        raise
