"""``--format json``: the stable object of DESIGN.md, one line of UTF-8 JSON."""

from __future__ import annotations

import json

from spasmcheck.model import Assessment


def render(assessment: Assessment) -> str:
    return json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2) + "\n"
