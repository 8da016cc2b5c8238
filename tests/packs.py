"""Small rule packs written to a temporary folder, for loader and engine tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

MINI_PACK = """\
format: 1
pack:
  name: mini
  version: "1"
  disclaimer: Not a diagnosis.
  likely_threshold: 2
sources:
  - {id: src, publisher: NHS, title: Leg cramps, url: "https://www.nhs.uk/conditions/leg-cramps/"}
questions:
  - id: danger
    text: Is there danger?
    type: yes_no
    screening: true
    help: Danger needs help now.
  - id: sore
    text: Is it sore?
    type: yes_no
    help: Soreness tells us things.
  - id: tired
    text: Are you tired?
    type: yes_no
    help: Tiredness tells us things.
  - id: how_often
    text: How often?
    type: choice
    options:
      - {id: rarely, label: Rarely}
      - {id: daily, label: Every day}
    help: Often is worse.
  - id: pain
    text: How bad, 0 to 10?
    type: scale
    min: 0
    max: 10
    ask_if: {question: sore, is: yes}
    help: How bad it is.
red_flags:
  - id: danger
    when: {question: danger, is: yes}
    level: emergency
    title: Danger
    advice: Call for help.
    source: src
causes:
  - id: alpha
    name: Alpha
    description: The first cause.
    evidence:
      - {when: {question: sore, is: yes}, weight: 2, because: sore points to alpha}
      - {when: {question: tired, is: yes}, weight: -1}
    relief: [{text: Rest alpha., source: src}]
  - id: beta
    name: Beta
    description: The second cause.
    evidence:
      - {when: {question: tired, is: yes}, weight: 2}
      - {when: {not: {question: sore, is: yes}}, weight: 1}
    relief: [{text: Rest beta., source: src}]
triage_rules:
  - id: daily
    when: {question: how_often, is: daily}
    level: see_doctor
    reason: Daily is a lot.
    source: src
general_advice:
  relief: [{text: Stretch gently., source: src}]
"""


def write_pack(folder: Path, files: dict[str, str]) -> Path:
    """Write ``{name: yaml text}`` into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder
