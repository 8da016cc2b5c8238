"""Reading a rule file (or a rule test file) safely: bounded, never blocking, text only.

A downloaded pack may put a FIFO, a device or a link to ``/dev/zero`` where a rule file
should be; reading must neither hang nor exhaust memory, and must say where.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from spasmcheck.errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A rule file larger than this is refused before parsing; real packs are a few KiB."""

NOT_REGULAR = "not a regular file (a device, pipe or socket)"


class Unreadable(OSError):
    """A rule file that is not read: not a regular file, or over ``MAX_FILE_BYTES``."""


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, never more than ``limit``, without ever blocking.

    ``st_size`` is 0 for devices and pipes, so neither it nor ``read_bytes`` bounds
    ``/dev/zero``, and opening a FIFO with no writer blocks for ever: the path is
    ``stat``-ed first (following a symlink to its target), opened non-blocking, checked
    again on the open file (it may have been swapped in between), and read for at most
    ``limit + 1`` bytes. Raises ``Unreadable`` or the ``OSError`` of reading.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise Unreadable(NOT_REGULAR)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise Unreadable(NOT_REGULAR)
        if opened.st_size > limit:  # refused unread; the bounded read covers a growing file
            raise Unreadable(
                f"file is {opened.st_size // 1024} KiB, over the {limit // 1024} KiB limit"
            )
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Unreadable(f"file is over the {limit // 1024} KiB limit")
    return data


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """A small UTF-8 text file's text, or the problem that stops reading it."""
    data, unreadable = _read(path)
    return (None, unreadable) if data is None else _decoded(data, str(path))


def read_hashed_text(path: Path) -> tuple[str | None, Problem | None, str]:
    """``read_text``, and the SHA-256 (hex) of the bytes it read, ``""`` if it read none:
    a pack's fingerprint (``provenance``) then comes from the very bytes it validated,
    and without reading every file a second time."""
    data, unreadable = _read(path)
    if data is None:
        return None, unreadable, ""
    return (*_decoded(data, str(path)), hashlib.sha256(data).hexdigest())


def _read(path: Path) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, or the problem that stops reading them."""
    where = str(path)
    try:
        return read_bytes(path), None
    except Unreadable as error:
        return None, Problem(where, 1, 1, str(error))
    except OSError as error:
        return None, Problem(where, 1, 1, f"cannot read: {error.strerror or error}")


def _decoded(data: bytes, where: str) -> tuple[str | None, Problem | None]:
    """A file's bytes as text, or why they are not UTF-8 text."""
    if b"\0" in data:
        return None, Problem(where, 1, 1, "not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, Problem(where, 1, 1, f"not UTF-8 text (byte {error.start})")
