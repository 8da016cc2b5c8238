"""``spasmcheck assess``: answers in (flags, a file, stdin or the interview), a summary out.

``--batch`` is checked here and done by ``cli.batch``.
"""

# No ``from __future__ import annotations``: Typer would evaluate every parameter's
# annotation from a string (compile + eval) at each start-up.

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from spasmcheck.errors import UsageError
from spasmcheck.render import Format

from .common import (
    NoBuiltinOption,
    RegionOption,
    RulesOption,
    accessible,
    color,
    handled,
    load_pack,
    region_in_use,
    say,
    say_folders,
    width,
)
from .streams import write_out

if TYPE_CHECKING:
    from spasmcheck.engine.result import Assessment
    from spasmcheck.pack.rulepack import RulePack
    from spasmcheck.words import Region


def assess(
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            metavar="ID=VALUE",
            help="An answer, e.g. -a radiating_pain=yes (repeatable).",
        ),
    ] = None,
    answers_file: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE|-",
            help="YAML or JSON answers; - reads stdin. Flags override it.",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask: unanswered questions count as unknown.")
    ] = False,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="rich (default on a terminal), plain, json, markdown, html, csv or fhir.",
        ),
    ] = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour codes.")] = False,
    output: Annotated[
        str | None,  # not Path: a trailing "/" (a folder) must reach the check
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the summary to this file (after an interview, to the screen too); "
            "its format from the extension (.json, .md, .html, .txt) unless --format says.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --output: replace a file that exists.")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="For rule authors: on stderr, why each red flag, triage rule and cause "
            "did or did not fire (stdout, e.g. JSON, is unchanged).",
        ),
    ] = False,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            metavar="FILE|-",
            help="JSON Lines of answers (- reads stdin): one JSON result per line on stdout.",
        ),
    ] = None,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="With --batch: stop at the first bad line.")
    ] = False,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="NAMES",
            help="With --batch: only these keys of each result, comma-separated "
            "(e.g. id,triage.level,likely_cause).",
        ),
    ] = None,
    workers: Annotated[
        str | None,
        typer.Option(
            "--workers",
            metavar="N|auto",
            help="With --batch: assess in N processes (auto: one per core); same output.",
        ),
    ] = None,
    region_choice: RegionOption = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Save the result to your private diary (see spasmcheck diary)."
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never show a long summary in a pager (PAGER, else less) on a terminal; "
            "also SPASMCHECK_NO_PAGER=1.",
        ),
    ] = False,
) -> None:
    """Assess a spasm or cramp: warning signs first, then the likely cause and what to do."""
    if batch is not None or fail_fast or fields is not None or workers is not None:
        from .batch import BatchOptions, batch_command

        mixed = answer or answers_file or output or explain or save
        options = BatchOptions(fail_fast, fields, workers)
        batch_command(batch, rules, not no_builtin, options, mixed, fmt)
    with handled():
        from spasmcheck.engine import assess as run_assessment
        from spasmcheck.engine import next_question
        from spasmcheck.engine.answers import gather_answers

        chosen = fmt or (Format.rich if output is None and sys.stdout.isatty() else Format.plain)
        if output is not None:
            from .output import check_target, format_for

            if fmt is None:
                chosen = Format(format_for(output) or Format.plain)
            check_target(output, force=force)  # before the questions, not after them
        elif force:
            raise UsageError("--force only applies with --output FILE")
        region = region_in_use(region_choice)
        pack = load_pack(rules, builtin=not no_builtin)
        say_folders(pack)
        answers = gather_answers(pack, answers_file, answer or [], stdin=sys.stdin)

        stopped_early = False
        interviewed = False
        if not no_input and answers_file != "-":
            if not sys.stdin.isatty():
                # Never wait for input that cannot come; fine if nothing is left to ask.
                if next_question(pack, answers) is not None:
                    raise UsageError(
                        "no terminal to ask questions on: pass answers with -a ID=VALUE, "
                        "--answers FILE (or - for stdin), and --no-input"
                    )
            else:
                from spasmcheck.interview import run_interview

                # A byte the terminal's encoding cannot read is an invalid answer, asked
                # again, not a crash that loses the session.
                reconfigure = getattr(sys.stdin, "reconfigure", None)
                if reconfigure is not None:
                    reconfigure(errors="replace")
                from .saving import frequency_suggestion

                answers, stopped_early = run_interview(
                    pack,
                    answers,
                    color=color(no_color, sys.stderr),
                    region=region,
                    accessible=accessible(fmt is Format.plain),
                    suggested=frequency_suggestion(pack, answers),
                )
                interviewed = True
        result = run_assessment(pack, answers, stopped_early=stopped_early)
        _emit(
            result,
            chosen,
            region,
            no_color=no_color,
            output=output,
            force=force,
            pack=pack,
            no_pager=no_pager,
        )
        if output is not None and interviewed and sys.stdout.isatty():
            # A person who answered the questions sees the result, not only a file name.
            _emit(result, Format.rich, region, no_color=no_color, pack=pack, no_pager=no_pager)
        if not save and interviewed:
            from spasmcheck.interview import make_console, offer_to_save

            save = offer_to_save(make_console(color(no_color, sys.stderr)))
        if save:  # nothing is written to the diary unless asked, here or by --save
            from .saving import save_assessment

            save_assessment(result, pack, region)
        if explain:
            from spasmcheck.render.explain import explain as explanation

            sys.stderr.write(explanation(pack, result))


def _emit(
    result: "Assessment",
    fmt: Format,
    region: "Region",
    *,
    no_color: bool,
    output: str | None = None,
    force: bool = False,
    pack: "RulePack | None" = None,
    no_pager: bool = False,
) -> None:
    """The summary to stdout, or privately to the ``--output`` file (never in colour); a
    summary for people taller than the terminal through a pager (``paging``)."""
    from spasmcheck.render import render

    if output is not None:
        from .output import write_private

        text = render(result, fmt, color=False, region=region, pack=pack)
        write_private(output, text, force=force)
        say(f"spasmcheck: summary written to {output}")
        return
    colour, columns = color(no_color, sys.stdout), width()
    shown = render(result, fmt, color=colour, width=columns, region=region, pack=pack)
    if fmt in (Format.rich, Format.plain):
        from .paging import page, wants_pager

        if wants_pager(shown, no_pager=no_pager):
            from spasmcheck.render.rich import recap_line

            page(shown, color=colour, width=columns)
            # The pager took the summary off the screen: its verdict stays in view.
            write_out(recap_line(result, color=colour, width=columns, region=region))
            return
    write_out(shown)
