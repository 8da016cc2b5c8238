"""The package stays one a stranger can read: small modules and no import loops."""

from __future__ import annotations

from pathlib import Path

import grimp

import spasmcheck

PACKAGE = Path(spasmcheck.__file__).parent
MAX_LINES = 300
"""A module longer than this does more than one job: split it by job, as pack/model.py was."""


def test_no_module_is_over_300_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_loops() -> None:
    """No module imports, even lazily inside a function, a module that imports it back
    (through any chain). Imports for type checkers only do not count: they never run."""
    graph = grimp.build_graph("spasmcheck", exclude_type_checking_imports=True)
    loops = sorted(
        f"{importer} -> {imported} -> ... -> {importer}"
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.find_shortest_chain(importer=imported, imported=importer)
    )
    assert loops == []


def test_the_graph_sees_every_package() -> None:
    """A folder without ``__init__.py`` (pack/ was one) is missed by the import graph."""
    graph = grimp.build_graph("spasmcheck", exclude_type_checking_imports=True)
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    for folder in folders:
        assert (folder / "__init__.py").is_file(), folder
    assert "spasmcheck.pack.model" in graph.modules
