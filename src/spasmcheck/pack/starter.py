"""``rules init``: a small, commented pack that extends the built-in rules and passes at once."""

from __future__ import annotations

from pathlib import Path

from spasmcheck.errors import CONTROL, UsageError, printable

from .schema import dumps, rules_schema, tests_schema

RULES = """\
# yaml-language-server: $schema=schema/rules.schema.json
# A pack of your own, layered on top of the built-in spasmcheck rules.
# Use it with:   spasmcheck assess --rules {dir}
# Check it with: spasmcheck rules validate {dir}   and   spasmcheck rules test {dir}
#
# Everything here ADDS to the built-in pack. To replace a built-in definition, give it
# the same id and write `replace: true` in it; to switch off a built-in red flag, list
# its id under `remove_red_flags:` (validate warns about both, on purpose).
format: 1

# Every piece of advice and every red flag cites a public source by its id.
sources:
  - id: example_source
    publisher: NHS
    title: Leg cramps
    url: https://www.nhs.uk/conditions/leg-cramps/

# Questions: asked after the built-in warning-sign questions, in the order written.
questions:
  - id: example_cold_exposure
    text: Did the cramp start when you were cold, for example swimming in cold water?
    type: yes_no
    help: Cold muscles cramp more easily. (This is an example; rename it and write your own.)

# A cause: evidence adds points (negative weights count against it). The top cause is
# named "likely" when its score reaches the pack's likely_threshold (3 in the built-in pack).
causes:
  - id: example_cold_muscles
    name: Cold muscles
    description: Muscles that get cold, for example in cold water, cramp more easily.
    evidence:
      - when: {{question: example_cold_exposure, is: yes}}
        weight: 3
        because: the cramp started in the cold
    relief:
      - text: Get warm, then gently stretch and massage the muscle.
        source: example_source
    prevention:
      - text: Warm up before swimming or exercising in the cold.
        source: example_source
"""

TESTS = """\
# yaml-language-server: $schema=../schema/rule-tests.schema.json
# Rule tests: given answers (anything missing is "unknown"), the outcome you expect.
# Run them with: spasmcheck rules test {dir}
format: 1
cases:
  - name: cramp in the cold points to cold muscles
    answers: {{example_cold_exposure: yes}}
    expect:
      triage: self_care
      likely_cause: example_cold_muscles
      no_red_flags: [lasts_over_10_minutes]
"""


def write_starter(directory: Path) -> list[Path]:
    """Write the starter pack into a new or empty folder; never overwrite anything.

    The folder's name is written into the YAML comments and printed: a name holding a
    newline would break the YAML out of its comment, and ESC would drive the terminal.
    """
    found = CONTROL.search(str(directory))
    if found:
        raise UsageError(
            f"{printable(str(directory))}: a folder name with a control character "
            f"(U+{ord(found.group()):04X}) cannot be used for a rule pack; choose another name"
        )
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory}: already exists and is not an empty folder")
    files = {
        directory / "rules.yaml": RULES.format(dir=directory),
        directory / "tests" / "rules.yaml": TESTS.format(dir=directory),
        directory / "schema" / "rules.schema.json": dumps(rules_schema()),
        directory / "schema" / "rule-tests.schema.json": dumps(tests_schema()),
    }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{directory}: cannot write: {error.strerror or error}") from None
    return list(files)
