"""docs/batch.md's recipes, run exactly as written on a small generated data set.

Each code block is read from the page itself, so the page cannot drift from what works.
pandas runs in this process; Dask starts worker processes, so its recipes run as scripts
(``slow``); Spark runs when pyspark and Java are there, and a fake ``Row`` proves its
``None`` handling everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spasmcheck import RulePack

from .helpers import run_program

PAGE = Path(__file__).parent.parent / "docs" / "batch.md"
ROWS = 40


def python_blocks(heading: str) -> list[str]:
    """The ```python blocks under a heading of docs/batch.md, up to the next heading."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    following = re.search(r"\n#{1,3} ", text[start + 1 :])
    section = text[start : start + 1 + following.start()] if following else text[start:]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def cases(pack: RulePack) -> list[dict[str, Any]]:
    """Rows as a survey export has them: an id (some blank), a column that is no question,
    0/1 yes/no columns with blanks, a choice column, a warning sign now and then."""
    rng = random.Random(12)
    rows = []
    for n in range(ROWS):
        row: dict[str, Any] = {"id": f"P{n}" if n % 3 else None, "clinic": rng.choice("NS")}
        for question in ("recent_strenuous_exercise", "during_or_after_exercise"):
            row[question] = rng.choice([1, 0, None])
        row["frequency"] = rng.choice(["weekly", "daily", None])
        row["saddle_numbness"] = 1 if n % 7 == 3 else rng.choice([0, None])
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    lines = (json.dumps({k: v for k, v in r.items() if v is not None}) for r in rows)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def check(results: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    """One result per row, in any order, each joined back by its global line: the id
    matches, the warning sign fired, and the other column is listed, not an error."""
    assert sorted(int(r["line"]) for r in results) == list(range(1, ROWS + 1))
    for result in results:
        row = rows[int(result["line"]) - 1]
        assert not result.get("error"), result
        assert (result.get("id") or None) == row["id"]
        emergency = row["saddle_numbness"] == 1
        assert (result["triage.level"] == "emergency") is emergency, (row, result)
        assert "clinic" in str(result["ignored_keys"])


@pytest.fixture
def data(pack: RulePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    rows = cases(pack)
    write_csv(tmp_path / "cases.csv", rows)
    write_jsonl(tmp_path / "cases.jsonl", rows)
    monkeypatch.chdir(tmp_path)
    return rows


# The command-line examples of docs/batch.md are console blocks: tests/test_docs.py runs them.


def test_every_recipe_block_is_found() -> None:
    assert len(python_blocks("## pandas: streaming in chunks")) == 1
    assert len(python_blocks("### A Dask bag of JSON Lines")) == 1
    assert len(python_blocks("### A Dask data frame")) == 1
    assert len(python_blocks("## Spark")) == 2
    assert len(python_blocks("## From Python: `assess_many`")) == 1


def test_the_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (block,) = python_blocks("## From Python: `assess_many`")
    exec(compile(block, str(PAGE), "exec"), {"__name__": "__main__"})
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "{'line': 2, 'id': None, 'triage.level': 'emergency'}"


def test_pandas_recipe_streams_chunks_with_global_lines(data: list[dict]) -> None:
    pd = pytest.importorskip("pandas")
    (block,) = python_blocks("## pandas: streaming in chunks")
    assert "chunksize=1_000" in block
    exec(compile(block.replace("1_000", "7"), str(PAGE), "exec"), {"__name__": "__main__"})
    results = pd.read_csv("results.csv", keep_default_na=False, dtype=str)
    assert list(results.columns)[-1] == "error"
    check(results.to_dict("records"), data)


def small_blocks(block: str) -> str:
    """The recipe with blocks of 256 bytes instead of 64 MiB: the small data set in several
    partitions, so that positions must carry across them."""
    assert 'blocksize="64MiB"' in block
    return block.replace('blocksize="64MiB"', "blocksize=256")


def run_recipe(code: str, folder: Path, outputs: str) -> list[Path]:
    """Run ``code`` as a program of its own in ``folder`` (as a reader would: a main guard
    matters to Dask), and return the files it wrote that match ``outputs``, in order."""
    (folder / "recipe.py").write_text(code, encoding="utf-8")
    done = run_program("recipe.py", cwd=folder)
    assert done.returncode == 0, done.stderr[-3000:]
    return sorted(folder.glob(outputs))


@pytest.mark.slow
def test_dask_bag_recipe(data: list[dict], tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    (block,) = python_blocks("### A Dask bag of JSON Lines")
    parts = run_recipe(small_blocks(block), tmp_path, "results-*.jsonl")
    assert len(parts) > 1  # really partitioned: lines stayed global across them
    check([json.loads(line) for p in parts for line in p.read_text().splitlines()], data)


@pytest.mark.slow
def test_dask_dataframe_recipe(data: list[dict], tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("dask.dataframe")
    (block,) = python_blocks("### A Dask data frame")
    parts = run_recipe(small_blocks(block), tmp_path, "results-*.csv")
    assert len(parts) > 1
    frames = [pd.read_csv(p, keep_default_na=False, dtype=str) for p in parts]
    check(pd.concat(frames).to_dict("records"), data)


class FakeRow:
    """What pyspark's ``Row`` gives ``assess_partition``: ``asDict()``, blank cells None."""

    def __init__(self, cells: dict[str, Any]) -> None:
        self.cells = cells

    def asDict(self) -> dict[str, Any]:  # pyspark's name
        return dict(self.cells)


def spark_function() -> Any:
    namespace: dict[str, Any] = {"__name__": "recipe"}
    exec(compile(python_blocks("## Spark")[0], str(PAGE), "exec"), namespace)
    return namespace["assess_partition"]


def partition(rows: list[dict[str, Any]], first: int) -> Iterator[tuple[FakeRow, int]]:
    return ((FakeRow(row), first + n) for n, row in enumerate(rows))


def test_spark_partition_reads_none_as_not_answered(data: list[dict]) -> None:
    assess_partition = spark_function()
    # Two partitions of a zipWithIndex'd data frame: the second starts at index 25.
    first = [json.loads(x) for x in assess_partition(partition(data[:25], 0))]
    second = [json.loads(x) for x in assess_partition(partition(data[25:], 25))]
    check(first + second, data)
    assert list(assess_partition(iter([]))) == []


def test_spark_none_cells_are_unanswered_not_dont_know(pack: RulePack) -> None:
    assess_partition = spark_function()
    import spasmcheck

    row = FakeRow({"id": None, "saddle_numbness": None, "frequency": None, "clinic": None})
    (text,) = assess_partition(iter([(row, 0)]))
    assert json.loads(text)["ignored_keys"] == ["clinic"]
    # The same record in full: None is missing, so listed in unanswered, never "unknown"
    # given as an answer (every question is unanswered here).
    (full,) = spasmcheck.assess_many(pack, [row.asDict()])
    assert full["unanswered"] == [q.id for q in pack.questions]
    assert "id" not in full


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark to run the Spark recipe)"
    if shutil.which("java") is None:
        return "Java is not installed: Spark needs a Java runtime (e.g. openjdk-17-jre)"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_spark_missing() is not None, reason=str(_spark_missing()))
def test_spark_recipe(data: list[dict], tmp_path: Path) -> None:
    function, job = python_blocks("## Spark")
    parts = run_recipe(function + "\n\n" + job, tmp_path, "results/part-*")
    lines = [json.loads(line) for p in parts for line in p.read_text().splitlines()]
    check(lines, data)


def test_csv_cells_round_trip_through_the_csv_module() -> None:
    from spasmcheck.columns import Fields

    fields = Fields(None, ["id", "red_flags"])
    row = fields.csv_row({"id": 'a "quoted", id;', "red_flags": []}, "bad, it was")
    assert next(csv.reader(io.StringIO(row))) == ['a "quoted", id;', "", "bad, it was"]
