"""The fingerprint of a pack: one SHA-256 over the exact rule files used, in order.

A result names the guidance that produced it (``pack: {name, version, sha256}``), so it
can be reproduced or audited later. Name and version are what the pack says of itself;
the hash is what it is. Its definition, which an auditor can recompute with
``sha256sum`` alone (docs/provenance-and-codes.md shows how):

    manifest = one line per rule file, layers in load order (layer 0 first: the built-in
               pack when it is used), each layer's files in load order:
                   "<SHA-256 of the file's bytes, 64 lower-case hex digits>"
                   "  "  (two spaces)
                   "<layer index>/<the file's path relative to its layer folder, with />"
                   "\\n"
    sha256   = SHA-256 of the manifest's UTF-8 bytes, in lower-case hex.

So editing, renaming, adding or removing a file, or reordering the layers, changes the
hash; where a folder lives on the disk does not (the same pack hashes the same on every
machine). A layer given as a single file is named by its file name. Files are hashed
once per pack load, with the cache's key (``pack/cache.py``), never per assessment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path, PurePath

Listed = Sequence[tuple[str, Sequence[Path]]]
Digests = Sequence[Sequence[str]]
"""Per layer, per file: the SHA-256 (hex) of its bytes, in the order of ``Listed``."""


def file_digests(listed: Listed) -> list[list[str]]:
    """The SHA-256 of every rule file's bytes, read bounded and non-blocking.

    Raises ``OSError`` (``files.Unreadable`` included) for a file that cannot be read;
    the loader then reports it with its position."""
    from .files import read_bytes

    return [[hashlib.sha256(read_bytes(file)).hexdigest() for file in files] for _, files in listed]


def layer_root(label: str) -> Path:
    """The folder (or file) a layer's label names."""
    from .builtin import BUILTIN_LABEL, builtin_rules_dir

    return builtin_rules_dir() if label == BUILTIN_LABEL else Path(label)


def layer_name(label: str, file: Path, root: Path | None = None) -> str:
    """A file's name relative to its layer folder (``causes/x.yaml``), ``/``-separated;
    ``root`` is ``layer_root(label)``, when the caller has it already."""
    if root is None:
        root = layer_root(label)
    try:
        relative = PurePath(file).relative_to(root)
    except ValueError:  # not under the label's folder: name it by its own name
        return file.name
    return relative.as_posix() if relative.parts else file.name  # the layer is this file


def manifest(listed: Listed, digests: Digests) -> str:
    """The ``sha256sum``-style list of every file's hash and layer-relative name."""
    lines = []
    for index, ((label, files), layer) in enumerate(zip(listed, digests, strict=True)):
        root = layer_root(label)  # once a layer, not once a file
        lines += [
            f"{digest}  {index}/{layer_name(label, file, root)}\n"
            for file, digest in zip(files, layer, strict=True)
        ]
    return "".join(lines)


def pack_sha256(listed: Listed, digests: Digests) -> str:
    """The pack's SHA-256: of its ``manifest``."""
    return hashlib.sha256(manifest(listed, digests).encode()).hexdigest()
