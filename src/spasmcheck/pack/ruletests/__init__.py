"""Rule test cases: given answers, the outcome a rule author expects, checked by the engine.

``cases`` reads them from a pack's ``tests/`` folder, ``run`` assesses and compares each,
``report`` prints failures and coverage. The names below are the API the CLI and
``scripts/case_report.py`` use.
"""

from .cases import (
    CASE_KEYS,
    Case,
    Expect,
    case_files,
    load_cases,
    pack_folder,
    read_cases,
)
from .report import Uncovered, coverage, coverage_report, evidence_lines, report
from .run import Result, compare, reference_problems, run_case

__all__ = [
    "CASE_KEYS",
    "Case",
    "Expect",
    "Result",
    "Uncovered",
    "case_files",
    "compare",
    "coverage",
    "coverage_report",
    "evidence_lines",
    "load_cases",
    "pack_folder",
    "read_cases",
    "reference_problems",
    "report",
    "run_case",
]
