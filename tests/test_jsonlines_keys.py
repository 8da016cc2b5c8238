"""A key given twice is refused whatever the values around it: the fast reading counts
quotes (jsonlines._plain) and must agree with the checked ``json`` reading."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmcheck.jsonlines import Unreadable, read_record

from .helpers import examples

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.lists(st.sampled_from(["a", 1, None]), max_size=2),
    st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from(["x", 2]), max_size=2),
)


@settings(max_examples=examples(500), deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d\u00e9"]), VALUES), max_size=6))
def test_a_line_reads_as_the_checked_json_reading(pairs: list[tuple[str, Any]]) -> None:
    line = "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs) + "}"
    keys = [k for k, _ in pairs]
    if len(set(keys)) < len(keys):
        with pytest.raises(Unreadable, match="duplicate key"):
            read_record(line.encode())
    else:
        assert read_record(line.encode()) == json.loads(line)
