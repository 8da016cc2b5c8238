"""``spasmcheck rules ...``: the rule author's commands, thin wrappers over the core.

validate (loader + lint), test (ruletests), schema, init, list and show; export has its
own module. Results go to stdout, the one-line summary to stderr; exit 1 means a check
found problems.
"""

# No ``from __future__ import annotations``: Typer would evaluate every command's
# annotations from strings at each start-up (see cli/__init__.py).

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from spasmcheck.errors import ExitCode, RulePackError, UsageError, printable

from .common import (
    Command,
    Group,
    NoBuiltinOption,
    RulesOption,
    handled,
    load_pack,
    say,
)
from .streams import write_out

rules_app = typer.Typer(
    help="Check, test and inspect rule packs (for rule authors).",
    no_args_is_help=True,
    cls=Group,
)
"""``spasmcheck rules``: the rule author's sub-commands."""

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="DIR",
        help="Rule folders, layered on the built-in rules "
        "(default: the folders in use: built-in, user folder, SPASMCHECK_RULES).",
        show_default=False,
    ),
]


class ProblemFormat(str, Enum):
    """Output formats of ``spasmcheck rules validate``."""

    text = "text"
    json = "json"


@rules_app.command("validate", cls=Command)
def validate(
    paths: PathsArg = None,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
    ] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    disable: Annotated[
        list[str] | None,
        typer.Option(
            "--disable",
            metavar="ID",
            help="Switch off a check by id (repeatable).",
            show_default=False,
        ),
    ] = None,
    list_checks: Annotated[
        bool, typer.Option("--list-checks", help="List the checks' ids and what each finds.")
    ] = False,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Check rule files: every problem as path:line:column: severity: message [check]."""
    with handled():
        from spasmcheck.pack.lint import CHECKS, in_file_order, known, lint, summary, without

        if list_checks:
            width = max(map(len, CHECKS))
            write_out("".join(f"{c.id:<{width}}  {c.summary}\n" for c in CHECKS.values()))
            return
        off = known(disable or [])
        files = 0
        try:
            pack = load_pack(
                [*(paths or []), *(rules or [])], builtin=not no_builtin, only=bool(paths)
            )
            problems = lint(pack, disable=off)
            files = len(pack.files)
        except RulePackError as error:
            problems = in_file_order(without(error.problems, off), error.files)
        errors, warnings = summary(problems)
        if fmt is ProblemFormat.json:
            data = {
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "problems": [
                    {
                        "path": p.path,
                        "line": p.line,
                        "column": p.column,
                        "severity": p.severity,
                        "message": p.message,
                        "check": p.check,
                    }
                    for p in problems
                ],
            }
            write_out(json.dumps(data, indent=2) + "\n")
        else:
            write_out("".join(p.with_severity() + "\n" for p in problems))
        checked = f"{files} file(s) checked" if files else "the pack could not be loaded"
        say(f"spasmcheck: {checked}: {errors} error(s), {warnings} warning(s)")
        if errors or (strict and warnings):
            raise typer.Exit(ExitCode.CHECK_FAILED)


def _test_folders(paths: list[Path], rules: list[Path], no_builtin: bool) -> list[Path]:
    """The folders whose tests/ to run: the named ones (folder arguments and ``--rules``),
    or, without folder arguments, every folder in use and then the ``--rules`` ones."""
    from spasmcheck.pack.builtin import builtin_rules_dir
    from spasmcheck.pack.folders import folders_in_use, unique_folders

    if paths:
        return unique_folders([*paths, *rules])

    return unique_folders(([] if no_builtin else [builtin_rules_dir()]) + folders_in_use(rules))


@rules_app.command("test", cls=Command)
def run_tests(
    paths: PathsArg = None,
    show_coverage: Annotated[
        bool,
        typer.Option(
            "--coverage", help="List red flags, causes, evidence and triage rules no case uses."
        ),
    ] = False,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Run the rule test cases in the packs' tests/ folders: answers in, expected outcome out."""
    with handled():
        from spasmcheck.pack import ruletests as rt

        # A test file may be named on its own: its pack is the folder above its tests/.
        named = [*(paths or []), *(rules or [])]
        folders = [rt.pack_folder(p) for p in named]
        pack = load_pack(folders, builtin=not no_builtin, only=bool(paths))
        cases, problems = rt.load_cases(_test_folders(paths or [], rules or [], no_builtin))
        problems += rt.reference_problems(pack, cases)
        if problems:
            write_out("".join(p.with_severity() + "\n" for p in problems))
            say(f"spasmcheck: {len(problems)} problem(s) in the rule tests; nothing was run")
            raise typer.Exit(ExitCode.CHECK_FAILED)
        if not cases:
            raise UsageError("no rule test cases found (they go in a tests/ folder of a pack)")
        results = [rt.run_case(pack, case) for case in cases]
        out = rt.report(results)
        if show_coverage:
            out += rt.coverage_report(pack, results, named or None)
        write_out("\n".join(out) + "\n")
        if any(not r.passed for r in results):
            raise typer.Exit(ExitCode.CHECK_FAILED)


@rules_app.command("schema", cls=Command)
def schema(
    tests: Annotated[
        bool, typer.Option("--tests", help="The schema of rule test files instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of rule files, for editors (yaml-language-server)."""
    from spasmcheck.pack.schema import dumps, rules_schema, tests_schema

    write_out(dumps(tests_schema() if tests else rules_schema()))


@rules_app.command("init", cls=Command)
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder.")],
) -> None:
    """Create a starter pack that validate and test pass at once, to edit from."""
    with handled():
        from spasmcheck.pack.starter import write_starter

        written = write_starter(directory)
        for path in written:
            write_out(f"{path}\n")
        say(
            f"spasmcheck: starter pack written; try: spasmcheck rules validate {directory} "
            f"&& spasmcheck rules test {directory}"
        )


@rules_app.command("list", cls=Command)
def list_(
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """What the pack contains, and which pack each definition comes from."""
    with handled():
        from spasmcheck.pack.folders import user_folder_exists, user_rules_dir
        from spasmcheck.render.listing import listing

        pack = load_pack(rules, builtin=not no_builtin)
        write_out(listing(pack))
        user = user_rules_dir()
        none_yet = "" if user_folder_exists(user) else " (none yet)"
        say(f"spasmcheck: per-user rules folder: {printable(str(user))}{none_yet}")


@rules_app.command("show", cls=Command)
def show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="A question, red flag, cause, ...")],
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """One definition in full, with the pack, file and line it comes from."""
    with handled():
        from spasmcheck.render.listing import show as show_text

        write_out(show_text(load_pack(rules, builtin=not no_builtin), ident))
