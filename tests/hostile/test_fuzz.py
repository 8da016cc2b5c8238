"""Property-based fuzz of every entry point that takes answers: whatever comes in, only
``SpasmcheckError`` escapes, and a batch gives one strict JSON line per non-blank line.

Deterministic (``derandomize``), a few thousand examples in all, about five seconds.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmcheck import assess, assess_many, parse_answers
from spasmcheck.batch import Batch
from spasmcheck.engine.answers import read_answers_text, read_stdin
from spasmcheck.errors import SpasmcheckError
from spasmcheck.pack.rulepack import RulePack
from tests.helpers import examples as scaled

from .test_batch_input import strict


def fuzz(examples: int) -> settings:
    """Deterministic settings for one property: the same examples on every run and in CI."""
    return settings(
        max_examples=scaled(examples),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


QUESTION_IDS = ["danger", "sore", "tired", "how_often", "pain"]
"""The mini pack's ids (conftest), so fuzzed records reach every question type."""

HOSTILE_WORDS = [
    "yes", "no", "Y", "on", "off", "1", "0", "1.0", "0.0", "2", "01", "1_0", "1:00", "0x2",
    "nan", ".nan", "inf", "-Infinity", "1e400", "٣", "²", "Every day", "daily", "unknown",
    "", " ", "~", "null", "\ud800", "\x1b[2J", "9" * 400, "9" * 5000,
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    # past float (400 digits), past str() (5000 digits: repr fails too, so built lazily)
    st.tuples(st.sampled_from([-1, 1]), st.sampled_from([19, 400, 5000])).map(
        lambda sign_digits: sign_digits[0] * 10 ** sign_digits[1]
    ),
    st.floats(),  # NaN and infinities included
    st.text(max_size=12),
    st.sampled_from(HOSTILE_WORDS),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
keys = st.one_of(
    st.sampled_from([*QUESTION_IDS, "id", "sore ", "Sore", "dangr"]), st.text(max_size=8)
)
records = st.dictionaries(keys, values, max_size=6)
anything = st.one_of(records, values)


def only_ours(call: Any, *args: Any, **kwargs: Any) -> Any:
    """``call(*args)``, where a ``SpasmcheckError`` (with a one-line message) is fine."""
    try:
        return call(*args, **kwargs)
    except SpasmcheckError as error:
        message = str(error)
    assert message
    assert "\n" not in message  # one line, whatever the input held
    return None


@fuzz(400)
@given(anything)
def test_parse_answers_raises_only_its_own_errors(mini: RulePack, raw: Any) -> None:
    only_ours(parse_answers, mini, raw)


@fuzz(300)
@given(anything)
def test_assess_raises_only_its_own_errors(mini: RulePack, raw: Any) -> None:
    only_ours(assess, mini, raw)


@fuzz(150)
@given(st.lists(anything, max_size=5))
def test_assess_many_always_writes_one_strict_json_line_per_record(
    mini: RulePack, items: list[Any]
) -> None:
    out = list(assess_many(mini, items, as_json=True))
    assert [strict(text)["line"] for text in out] == list(range(1, len(items) + 1))
    assert len(list(assess_many(mini, items))) == len(items)


# --- batch lines: raw bytes, JSON-ish and broken -------------------------------------

JSON_BITS = [
    b"{", b"}", b"[", b"]", b",", b":", b'"id"', b'"sore"', b'"pain"', b'"yes"', b"NaN",
    b"Infinity", b"-Infinity", b"1e400", b"9" * 400, b"null", b"true", b'"\\ud800"',
    b'"\\u0000"', b"\xef\xbb\xbf", b"\xff", b" ", b"\t", b"\r", b"\\",
]  # fmt: skip


def _json_line(record: dict[str, Any]) -> bytes:
    try:
        return json.dumps(record, allow_nan=True).encode()
    except (ValueError, TypeError):  # an int past the digit limit
        return b"{}"


lines = st.one_of(
    st.binary(max_size=40),
    st.lists(st.sampled_from(JSON_BITS), max_size=12).map(b"".join),
    records.map(_json_line),
    st.tuples(records.map(_json_line), st.sampled_from(JSON_BITS)).map(b"".join),
    st.integers(0, 3000).map(lambda n: b"[" * n),
)


def _blank(raw: bytes) -> bool:
    """A line ``Batch.lines`` skips: only JSON whitespace (and a byte order mark)."""
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return False
    return not text.strip(" \t\n\r").removeprefix("\ufeff")


@fuzz(300)
@given(st.lists(lines, max_size=6))
def test_batch_lines_give_one_strict_json_line_per_non_blank_line(
    mini: RulePack, raw: list[bytes]
) -> None:
    out = [strict(text) for text, _ in Batch(mini).lines(raw)]
    expected = [n for n, line in enumerate(raw, 1) if not _blank(line)]
    assert [record["line"] for record in out] == expected


# --- the answers reader ------------------------------------------------------------------

YAML_BITS = [
    "sore", "pain", "how_often", ": ", ":", "\n", "  ", "- ", "? ", "[", "]", "{", "}", ",",
    "&a ", "*a", "!!python/object:os.system ", "!!binary ", "!!int ", "---\n", "...\n",
    "%YAML 1.1\n", "#", '"', "'", "|\n", ">\n", "1:00", "0x2", "1_0", "on", ".nan", "~",
    "\ud800", "\x00", "\x1b", "\t", "9" * 5000,
]  # fmt: skip
answers_texts = st.one_of(
    st.text(max_size=40), st.lists(st.sampled_from(YAML_BITS), max_size=14).map("".join)
)


@fuzz(800)
@given(answers_texts)
def test_answers_reader_raises_only_its_own_errors(mini: RulePack, text: str) -> None:
    raw = only_ours(read_answers_text, text, "<stdin>")
    if raw is not None:
        only_ours(parse_answers, mini, raw, where="<stdin>")


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        return self.data[:size]


@fuzz(400)
@given(st.binary(max_size=60))
def test_stdin_reader_raises_only_its_own_errors(data: bytes) -> None:
    text = only_ours(read_stdin, _Bytes(data))
    if text is not None:
        only_ours(read_answers_text, text, "<stdin>")
