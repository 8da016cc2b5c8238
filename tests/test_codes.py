"""Coded findings: ``codes:`` on questions, options, red flags and causes, checked and shown."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from stdnum import luhn, verhoeff

from spasmcheck import RulePack, assess, load_rules
from spasmcheck.pack.codes import ICD10, ICD11, LOINC, SNOMED, luhn_valid, verhoeff_valid
from spasmcheck.pack.model import Code
from spasmcheck.render import Format, render

from .helpers import MINI_PACK, invoke, write_pack
from .rulekit import check

SNOMED_OK = "22298006"  # a concept id with a valid Verhoeff check digit


def test_verhoeff_and_luhn_agree_with_python_stdnum() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        digits = str(rng.randrange(1, 10 ** rng.randint(1, 18)))
        assert verhoeff_valid(digits) == verhoeff.is_valid(digits), digits
        assert luhn_valid(digits) == luhn.is_valid(digits), digits


def _flag_with(*codes: str) -> str:
    lines = "\n".join(f"      - {c}" for c in codes)
    return f"""\
format: 1
red_flags:
  - id: extra_flag
    when: {{question: saddle_numbness, is: yes}}
    level: emergency
    title: Extra
    advice: Get help.
    source: nhs_leg_cramps
    codes:
{lines}
"""


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (f'{{system: "{SNOMED}", code: "22298007"}}', "check digit is wrong (Verhoeff)"),
        (f'{{system: "{SNOMED}", code: "22298016"}}', "partition 01 is a description"),
        (f'{{system: "{SNOMED}", code: "12345"}}', "6 to 18 digits"),
        (f'{{system: "{SNOMED}", code: "2229800X"}}', "digits only"),
        (f'{{system: "{ICD10}", code: "E83.421"}}', "not a WHO ICD-10 code"),
        (f'{{system: "{ICD10}", code: "r25.2"}}', "not a WHO ICD-10 code"),
        (f'{{system: "{ICD11}", code: "FO56.2"}}', "not an ICD-11 MMS code"),
        (f'{{system: "{LOINC}", code: "2823-4"}}', "check digit is wrong (LOINC mod 10)"),
        (f'{{system: "{LOINC}", code: "2823"}}', "not a LOINC code"),
    ],
)
def test_a_malformed_code_is_a_located_error(tmp_path: Path, code: str, words: str) -> None:
    check(
        tmp_path / "p",
        _flag_with(f'{{system: "{ICD10}", code: R25.2}}', code),
        (11, 9, None, words),
    )


def test_well_formed_codes_of_every_system_load(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        _flag_with(
            f'{{system: "{SNOMED}", code: "{SNOMED_OK}"}}',
            f'{{system: "{ICD10}", code: R25.2, display: Cramp and spasm}}',
            f'{{system: "{ICD10}", code: M54.16}}',
            f'{{system: "{ICD11}", code: FB56.2}}',
            f'{{system: "{LOINC}", code: "2823-3"}}',
        ),
    )


def test_an_unknown_system_is_a_warning_with_the_likely_uri(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        _flag_with(f'{{system: "http://snomed.info/sct/", code: "{SNOMED_OK}"}}'),
        (10, 9, "unknown-code-system", "did you mean 'http://snomed.info/sct'?"),
    )


def test_a_code_must_be_a_mapping_with_a_system(tmp_path: Path) -> None:
    check(
        tmp_path / "p",
        _flag_with("{code: R25.2}"),
        (10, 9, None, "missing the required key 'system'"),
    )
    check(tmp_path / "q", _flag_with("R25.2"), (10, 9, None, "must be a mapping"))
    check(
        tmp_path / "r", _flag_with('{system: "not a uri", code: R25.2}'), (10, 18, None, "system")
    )


def test_the_command_line_reports_and_refuses_a_bad_code(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path / "p", {"r.yaml": _flag_with(f'{{system: "{LOINC}", code: "2823-4"}}')}
    )
    result = invoke("rules", "validate", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'r.yaml'}:10:9: error: extra_flag: LOINC code '2823-4'" in result.stdout
    result = invoke("assess", "--no-input", "--rules", str(folder))
    assert result.exit_code == 3
    assert "check digit is wrong" in result.stderr
    assert "Traceback" not in result.stderr
    strict = write_pack(tmp_path / "s", {"r.yaml": _flag_with('{system: "urn:local", code: x1}')})
    assert invoke("rules", "validate", str(strict)).exit_code == 0
    assert invoke("rules", "validate", "--strict", str(strict)).exit_code == 1


_ICD = f'{{system: "{ICD10}", code: R25.2, display: Cramp and spasm}}'
_LOINC = f'{{system: "{LOINC}", code: "2823-3"}}'
_SNOMED = f'{{system: "{SNOMED}", code: "{SNOMED_OK}"}}'
CODED_PACK = (
    MINI_PACK.replace(
        "    source: src\ncauses:",
        f"    source: src\n    codes: [{_SNOMED}]\ncauses:",
    )
    .replace(
        "    name: Alpha\n",
        f"    name: Alpha\n    codes: [{_ICD}]\n",
    )
    .replace(
        "      - {id: daily, label: Every day}",
        f"      - {{id: daily, label: Every day, codes: [{_LOINC}]}}",
    )
    .replace(
        "    help: Soreness tells us things.",
        f"    help: Soreness tells us things.\n    codes: [{_SNOMED}]",
    )
)


def test_codes_reach_the_model_and_the_json(tmp_path: Path) -> None:
    pack = load_rules(write_pack(tmp_path / "p", {"pack.yaml": CODED_PACK}), builtin=False)
    assert pack.question("sore").codes == (Code(system=SNOMED, code=SNOMED_OK),)
    daily = next(o for o in pack.question("how_often").options if o.id == "daily")
    assert daily.codes == (Code(system=LOINC, code="2823-3"),)
    data = json.loads(render(assess(pack, {"danger": "yes", "sore": "yes"}), Format.json))
    assert data["red_flags"][0]["codes"] == [{"system": SNOMED, "code": SNOMED_OK}]
    alpha = next(c for c in data["causes"] if c["id"] == "alpha")
    assert alpha["codes"] == [{"system": ICD10, "code": "R25.2", "display": "Cramp and spasm"}]
    beta = next(c for c in data["causes"] if c["id"] == "beta")
    assert beta["codes"] == []


def test_the_builtin_pack_codes_night_leg_cramps_as_cramp_and_spasm(pack: RulePack) -> None:
    codes = pack.cause("night_leg_cramps").codes
    assert [(c.system, c.code) for c in codes] == [(ICD10, "R25.2")]
