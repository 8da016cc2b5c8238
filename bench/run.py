"""Benchmark spasmcheck against the floor its own dependencies set, and print a table.

    python bench/run.py            # the full run behind the table in docs/performance.md
    python bench/run.py --quick    # a fast smoke run with small sizes

Everything it builds (the floor Typer app, the batch input, the large packs, bytecode)
goes to a temporary folder that is removed afterwards. Start-up times are medians of
runs interleaved with the floor, so a busy machine slows both alike; read the ratios.
This is not a test: nothing here fails CI, it only reports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PYTHON = sys.executable
BIN = Path(PYTHON).parent
SPASMCHECK = [PYTHON, str(BIN / "spasmcheck")]
JSON_ARGS = ["assess", "--no-input", "-a", "recent_strenuous_exercise=yes", "--format", "json"]

FLOOR_APP = '''\
"""The floor: a minimal Typer app with one option that prints one line of JSON."""

import json

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(name: str = typer.Option("world", "--name")) -> None:
    print(json.dumps({"hello": name}))
'''

LAUNCHER = """\
import sys
from {module} import {attr}
sys.exit({attr}())
"""


# --- helpers ---------------------------------------------------------------------------


def env(work: Path) -> dict[str, str]:
    """The environment of measured processes: bytecode and the pack cache kept (as an
    installed spasmcheck has them after its first run), but in the temporary folder, so
    nothing is written beside the sources or in the user's cache."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    environ["PYTHONPATH"] = str(work)
    environ["SPASMCHECK_CACHE_DIR"] = str(work / "cache")  # the pack cache, warmed up below
    for name in ("FORCE_COLOR", "SPASMCHECK_RULES", "SPASMCHECK_NO_CACHE"):
        environ.pop(name, None)
    return environ


def timed(cmd: list[str], environ: dict[str, str], stdin: Any = None) -> dict[str, float]:
    """Wall time, CPU time and peak RSS (KiB) of one process, its output thrown away."""
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, env=environ, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_kib": usage.ru_maxrss,
        "code": process.returncode,
    }


def python_seconds(code: str, environ: dict[str, str]) -> float:
    """Run ``code`` in a fresh interpreter; it prints one number of seconds."""
    out = subprocess.run(
        [PYTHON, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


# --- inputs ----------------------------------------------------------------------------


def builtin_rules() -> Path:
    from spasmcheck.pack.builtin import builtin_rules_dir

    return builtin_rules_dir()


def make_pack(folder: Path, copies: int) -> Path:
    """A pack ``copies`` times the built-in one: every question, cause, red flag, rule and
    source repeated under new ids (``_2``, ``_3``...), references renamed alike."""
    import yaml

    from spasmcheck.pack.loader import rule_files

    folder.mkdir(parents=True, exist_ok=True)
    sections = (
        "sources",
        "questions",
        "red_flags",
        "causes",
        "triage_rules",
        "additional_advice",
        "lists",
    )
    for path in rule_files(builtin_rules()):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for k in range(1, copies + 1):
            copy: dict[str, Any] = {"format": data["format"]}
            if k == 1:
                copy.update({key: data[key] for key in ("pack", "general_advice") if key in data})
            for section in sections:
                if section in data:
                    copy[section] = [_renamed(item, k, top=True) for item in data[section]]
            if len(copy) > 1 or k == 1:
                name = f"{path.stem}_{k}.yaml"
                (folder / name).write_text(yaml.safe_dump(copy, sort_keys=False), "utf-8")
    return folder


def _renamed(value: Any, k: int, *, top: bool = False) -> Any:
    """Ids of definitions and references to them get the copy's suffix; option ids do not."""
    if k == 1:
        return value
    if isinstance(value, list):
        return [_renamed(v, k) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "checklist" and top:
            continue  # a pack has one checklist question: the copies are ordinary ones
        refers = key in ("question", "source", "likely_cause", "list") or (key == "id" and top)
        out[key] = f"{item}_{k}" if refers and isinstance(item, str) else _renamed(item, k)
    return out


def records(pack: Any, count: int, seed: int = 6) -> Iterator[dict[str, Any]]:
    """Varied answers: each question answered or not, with every kind of allowed value."""
    rng = random.Random(seed)
    questions = pack.questions
    for n in range(count):
        record: dict[str, Any] = {"id": f"case-{n}"} if n % 2 else {}
        for q in questions:
            if rng.random() < 0.5:
                continue
            if q.type == "yes_no":
                record[q.id] = rng.choice(["yes", "no", "unknown", True, False, "y", "n"])
            elif q.type == "choice":
                record[q.id] = rng.choice([o.id for o in q.options] + ["unknown"])
            else:
                record[q.id] = rng.choice([q.min, q.max, (q.min + q.max) / 2, "unknown"])
        yield record


def write_lines(path: Path, pack: Any, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records(pack, count):
            out.write(json.dumps(record) + "\n")
    return path


# --- measurements ------------------------------------------------------------------------


def startup(work: Path, environ: dict[str, str], runs: int) -> dict[str, float]:
    (work / "floor_app.py").write_text(FLOOR_APP, "utf-8")
    floor = work / "floor"
    floor.write_text(LAUNCHER.format(module="floor_app", attr="app"), "utf-8")
    commands = {
        "floor": [PYTHON, str(floor)],
        "json": [*SPASMCHECK, *JSON_ARGS],
        "version": [*SPASMCHECK, "--version"],
    }
    for cmd in commands.values():  # warm up: bytecode and pack cache written, page cache
        assert timed(cmd, environ)["code"] == 0, cmd
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            run = timed(cmd, environ)
            times[name].append(run["wall"])
            cpu[name].append(run["cpu"])
    medians = {name: statistics.median(values) for name, values in times.items()}
    medians.update({f"{name}_cpu": statistics.median(values) for name, values in cpu.items()})
    return medians


def batch(path: Path, environ: dict[str, str], *options: str) -> dict[str, float]:
    with path.open("rb") as stdin:
        return timed([*SPASMCHECK, "assess", "--batch", "-", *options], environ, stdin=stdin)


COMPACT = ["--fields", "id,triage.level,likely_cause"]

MODES: dict[str, list[str]] = {
    "full JSON": [],
    "`--fields id,triage.level,likely_cause`": COMPACT,
    "`--format csv --fields id,triage.level,likely_cause`": ["--format", "csv", *COMPACT],
    "`--workers 2`, full JSON": ["--workers", "2"],
    "`--workers 2 --fields id,triage.level,likely_cause`": ["--workers", "2", *COMPACT],
}
"""The batch modes compared, each a whole process on the same input."""


def batch_modes(
    path: Path, environ: dict[str, str], runs: int, baseline: Path | None = None
) -> dict[str, list[float]]:
    """Records per second of each mode (wall, and per CPU second under ``MODE cpu``: the
    CPU time of a process includes its workers', which it waits for), ``runs`` rounds
    interleaved so that a busy spell slows every mode alike; every run must exit 0."""
    lines = sum(1 for _ in path.open("rb"))
    commands = {mode: [*SPASMCHECK, "assess", "--batch", "-", *o] for mode, o in MODES.items()}
    envs = dict.fromkeys(MODES, environ)
    if baseline is not None:  # another version's sources, e.g. main's, in the same rounds
        commands[BASELINE] = [PYTHON, "-m", "spasmcheck", "assess", "--batch", "-"]
        envs[BASELINE] = {
            **environ,
            "PYTHONPATH": f"{baseline}{os.pathsep}{environ['PYTHONPATH']}",
            "SPASMCHECK_CACHE_DIR": environ["SPASMCHECK_CACHE_DIR"] + "-baseline",
        }
    rates: dict[str, list[float]] = {}
    for _ in range(runs + 1):  # the first round warms up (bytecode, pack caches): not kept
        for mode, cmd in commands.items():
            with path.open("rb") as stdin:
                run = timed(cmd, envs[mode], stdin=stdin)
            assert run["code"] == 0, (mode, run)
            if _ > 0:
                rates.setdefault(mode, []).append(lines / run["wall"])
                # a process's CPU time includes its workers': it waits for them
                rates.setdefault(f"{mode} cpu", []).append(lines / max(run["cpu"], 1e-9))
    return rates


BASELINE = "baseline (`--baseline SRC`), full JSON"


def load_time(folder: Path, environ: dict[str, str], runs: int) -> float:
    code = (
        "import time\nfrom spasmcheck.pack.loader import load_rules\n"
        "t = time.perf_counter()\n"
        f"load_rules({str(folder)!r}, builtin=False)\n"
        "print(time.perf_counter() - t)\n"
    )
    return statistics.median(python_seconds(code, environ) for _ in range(runs))


def compose_time(folder: Path, environ: dict[str, str], runs: int) -> float:
    """The share of loading that is PyYAML's: composing every file to nodes, nothing else."""
    code = (
        "import time\nfrom spasmcheck.pack import loader, yamlsource\n"
        f"texts = [p.read_text('utf-8') for p in loader.rule_files(loader.Path({str(folder)!r}))]\n"
        "t = time.perf_counter()\n"
        "for text in texts: yamlsource.compose(text, 'x')\n"
        "print(time.perf_counter() - t)\n"
    )
    return statistics.median(python_seconds(code, environ) for _ in range(runs))


def reference_time(environ: dict[str, str]) -> float:
    """A fixed pure-Python workload, so tables from different machines can be compared."""
    code = (
        "import time\nt = time.perf_counter()\n"
        "d = {}\nfor i in range(1_000_000): d[i % 1000] = d.get(i % 1000, 0) + i\n"
        "print(time.perf_counter() - t)\n"
    )
    return statistics.median(python_seconds(code, environ) for _ in range(3))


def parallel_capacity(environ: dict[str, str]) -> float:
    """How much faster two copies of the fixed loop finish together than one after the
    other: 2.0 on two idle cores, less when other work holds a core. ``--workers 2`` can
    at best reach this on the machine as it is."""
    code = (
        "import time, subprocess, sys\n"
        "loop = 'd = {}\\nfor i in range(3_000_000): d[i % 1000] = d.get(i % 1000, 0) + i'\n"
        "run = lambda: subprocess.Popen([sys.executable, '-c', loop])\n"
        "t = time.perf_counter(); run().wait(); run().wait(); apart = time.perf_counter() - t\n"
        "t = time.perf_counter(); a, b = run(), run(); a.wait(); b.wait()\n"
        "print(apart / (time.perf_counter() - t))\n"
    )
    return statistics.median(python_seconds(code, environ) for _ in range(3))


SCALING = """\
import gc, json, sys, time
from spasmcheck.pack.loader import load_rules
from spasmcheck.batch import Batch
cases = []
for folder, lines in json.loads(sys.argv[1]):
    batch = Batch(load_rules(folder, builtin=False))
    data = open(lines, "rb").read().splitlines()
    for _ in batch.encoded(data): pass  # warm up: memos filled, writer built
    cases.append((batch, data))
gc.collect()
gc.freeze()  # as a command freezes its loaded pack (cli.common.load_pack)
best = [float("inf")] * len(cases)
for _ in range(ROUNDS):  # interleaved, so a busy spell slows every size alike
    for n, (batch, data) in enumerate(cases):
        t = time.perf_counter()
        for _ in batch.encoded(data): pass  # UTF-8 lines, as the command writes them
        best[n] = min(best[n], (time.perf_counter() - t) / len(data))
print(json.dumps(best))
"""


def per_assessment(
    cases: list[tuple[Path, Path]], environ: dict[str, str], rounds: int
) -> list[float]:
    """Seconds per line of the batch core (parse, assess, encode) for each (pack, input),
    packs already loaded and warm; best of ``rounds`` interleaved passes."""
    arg = json.dumps([[str(folder), str(lines)] for folder, lines in cases])
    code = SCALING.replace("ROUNDS", str(rounds))
    out = subprocess.run(
        [PYTHON, "-c", code, arg], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


# --- report --------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    return (
        f"{os.cpu_count()} CPU(s), {cpu}, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}"
    )


def row(figure: str, target: str, measured: str, ratio: str, ok: bool | None) -> str:
    verdict = "n/a" if ok is None else ("pass" if ok else "**miss**")
    return f"| {figure} | {target} | {measured} | {ratio} | {verdict} |"


def batch_table(rates: dict[str, list[float]], lines: int, runs: int) -> str:
    """The batch modes side by side: median rate, spread, and the targets of issue #12."""
    medians = {mode: statistics.median(values) for mode, values in rates.items()}
    out = [
        f"batch modes, {lines:,} lines, whole process: median of {runs} interleaved runs "
        "(spread: slowest to fastest run)",
        "",
        "| mode | target | median (wall) | spread | per CPU second | ratio | result |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for mode, options in MODES.items():
        median, values = medians[mode], rates[mode]
        if "--workers" in options:
            one = next(m for m, o in MODES.items() if o == options[2:])  # the same, 1 worker
            target, ratio = ">= 1.7x one worker", median / medians[one]
            ok = ratio >= 1.7
        else:
            goal = 60_000 if options else 20_000
            target, ratio = f">= {goal:,} /s", median / goal
            ok = ratio >= 1
        cells = [
            mode,
            target,
            f"{median:,.0f} /s",
            f"{min(values):,.0f}-{max(values):,.0f}",
            f"{medians[f'{mode} cpu']:,.0f} /s",
            f"{ratio:.2f}x",
            "pass" if ok else "**miss**",
        ]
        out.append(f"| {' | '.join(cells)} |")
    if BASELINE in rates:
        median = medians[BASELINE]
        cells = [
            BASELINE,
            "-",
            f"{median:,.0f} /s",
            f"{min(rates[BASELINE]):,.0f}-{max(rates[BASELINE]):,.0f}",
            f"{medians[f'{BASELINE} cpu']:,.0f} /s",
            f"{medians['full JSON'] / median:.2f}x faster now",
            "n/a",
        ]
        out.append(f"| {' | '.join(cells)} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--runs", type=int, help="start-up runs of each command (default 21)")
    parser.add_argument("--lines", type=int, help="batch input lines (default 100000)")
    parser.add_argument("--scales", help="pack sizes to compare, e.g. 1,10,100 (the default)")
    parser.add_argument(
        "--batch-runs", type=int, help="interleaved rounds of the batch modes (default 5)"
    )
    parser.add_argument(
        "--only-batch", action="store_true", help="only the batch modes' table (a few minutes)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SRC",
        help="also run the full JSON batch of the spasmcheck package in SRC (e.g. a checkout "
        "of main's src/), in the same interleaved rounds, for a before/after figure",
    )
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "spasmcheck").is_dir():
        parser.error(f"--baseline {args.baseline}: no spasmcheck package in it")
    batch_runs = args.batch_runs or (1 if args.quick else 5)
    runs = args.runs or (5 if args.quick else 21)
    lines = args.lines or (5_000 if args.quick else 100_000)
    scales = [int(s) for s in (args.scales or ("1,10" if args.quick else "1,10,100")).split(",")]
    small = max(lines // 10, 1)

    work = Path(tempfile.mkdtemp(prefix="spasmcheck-bench-"))
    try:
        environ = env(work)
        from spasmcheck.pack.loader import load_rules

        pack = load_rules()
        big = write_lines(work / "batch.jsonl", pack, lines)
        if args.only_batch:
            print(f"spasmcheck benchmark: {machine()}")
            before = reference_time(environ)
            modes = batch_modes(big, environ, batch_runs, args.baseline)
            after = reference_time(environ)
            capacity = parallel_capacity(environ)
            print(
                "machine speed: a fixed 1,000,000-step Python loop took "
                f"{before * 1000:.0f} ms before and {after * 1000:.0f} ms after "
                "(about 170 ms on an idle machine of this kind); two such loops at once "
                f"finish {capacity:.2f}x faster than one after the other (2.00 on two idle "
                "cores: the most --workers 2 can reach here)"
            )
            print(batch_table(modes, lines, batch_runs))
            return 0
        little = write_lines(work / "batch-small.jsonl", pack, small)
        packs = {1: builtin_rules()}
        packs.update({s: make_pack(work / f"pack{s}x", s) for s in scales if s != 1})

        start = startup(work, environ, runs)
        big_run = batch(big, environ)
        small_run = batch(little, environ)
        modes = batch_modes(big, environ, batch_runs, args.baseline)
        loads = {s: load_time(packs[s], environ, 3 if args.quick else 5) for s in scales}
        composing = compose_time(packs[max(scales)], environ, 3 if args.quick else 5)
        reference = reference_time(environ)
        capacity = parallel_capacity(environ)
        cases = []
        for s in scales:
            sample = load_rules(packs[s], builtin=False)
            count = max(lines // (5 * s), 100)
            cases.append((packs[s], write_lines(work / f"scale{s}.jsonl", sample, count)))
        timings = per_assessment(cases, environ, 3 if args.quick else 7)
        scale_lines = dict(zip(scales, timings, strict=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor = start["floor"]
    rate = lines / big_run["wall"]
    cpu_rate = lines / big_run["cpu"] if big_run["cpu"] else float("inf")
    growth = big_run["rss_kib"] / small_run["rss_kib"]
    largest = max(scales)
    out = [
        f"spasmcheck benchmark: {machine()}",
        f"start-up: median of {runs} interleaved runs; batch: {lines:,} lines of varied answers",
        f"machine speed: a fixed 1,000,000-step Python loop took {reference * 1000:.0f} ms; "
        f"two at once finish {capacity:.2f}x faster than one after the other (2.00: two idle "
        "cores)",
        "",
        "| figure | target | measured | ratio | result |",
        "| --- | --- | --- | --- | --- |",
        row(
            "floor: minimal Typer app printing one JSON line",
            "-",
            f"{floor * 1000:.0f} ms",
            "1.00x",
            None,
        ),
        row(
            "`assess --no-input -a ... --format json`",
            "<= 1.15x floor",
            f"{start['json'] * 1000:.0f} ms",
            f"{start['json'] / floor:.2f}x",
            start["json"] <= 1.15 * floor,
        ),
        row(
            "`spasmcheck --version`",
            "<= 1.05x floor",
            f"{start['version'] * 1000:.0f} ms",
            f"{start['version'] / floor:.2f}x",
            start["version"] <= 1.05 * floor,
        ),
        row(
            "same `--format json` run, CPU time (less sensitive to a busy machine)",
            "<= 1.15x floor's CPU",
            f"{start['json_cpu'] * 1000:.0f} vs {start['floor_cpu'] * 1000:.0f} ms",
            f"{start['json_cpu'] / start['floor_cpu']:.2f}x",
            start["json_cpu"] <= 1.15 * start["floor_cpu"],
        ),
        row(
            f"batch, {lines:,} lines, whole process (wall)",
            ">= 20,000 /s",
            f"{rate:,.0f} /s ({big_run['wall']:.2f} s)",
            f"{rate / 20_000:.2f}x",
            rate >= 20_000,
        ),
        row(
            "batch, same run, per CPU second",
            ">= 20,000 /s",
            f"{cpu_rate:,.0f} /s",
            f"{cpu_rate / 20_000:.2f}x",
            cpu_rate >= 20_000,
        ),
        row(
            f"batch peak memory, {lines:,} vs {small:,} lines",
            "flat (<= 1.1x)",
            f"{big_run['rss_kib'] / 1024:.1f} vs {small_run['rss_kib'] / 1024:.1f} MiB",
            f"{growth:.2f}x",
            growth <= 1.1,
        ),
    ]
    for s in scales:
        out.append(
            row(
                f"load + validate, {s}x pack",
                "< 1 s" if s == 100 else "-",
                f"{loads[s] * 1000:.0f} ms",
                f"{loads[s] / loads[1]:.1f}x of 1x",
                loads[s] < 1 if s == 100 else None,
            )
        )
    out.append(
        row(
            f"of which PyYAML composing the {largest}x pack's files",
            "-",
            f"{composing * 1000:.0f} ms",
            f"{composing / loads[largest]:.0%} of its load",
            None,
        )
    )
    for s in scales:
        ratio = scale_lines[s] / scale_lines[1]
        out.append(
            row(
                f"batch time per assessment, {s}x pack",
                f"<= {s}x of 1x" if s > 1 else "-",
                f"{scale_lines[s] * 1e6:.0f} µs",
                f"{ratio:.1f}x",
                ratio <= s if s > 1 else None,
            )
        )
    out.append("")
    out.append(batch_table(modes, lines, batch_runs))
    if largest != 100:
        out.append("")
        out.append(f"(quick run: largest pack {largest}x; the 100x figures need a full run)")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
