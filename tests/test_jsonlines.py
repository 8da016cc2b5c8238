"""The fast reading of a JSON line (orjson) gives what the checked ``json`` reading gives,
or is not used."""

from __future__ import annotations

import json

import pytest

from spasmcheck.jsonlines import BLANK, Unreadable, read_record


@pytest.mark.parametrize(
    "line",
    [
        b'{"id": "a", "sore": "yes", "pain": 3, "x": 2.5, "y": null, "z": true}\n',
        b'{"id": 123456789012345678901234567890}',  # orjson would round it to a float
        b'{"id": -18446744073709551616, "n": 18446744073709551615}',
        b'{"a": "\\u0041\\"", "b": "caf\xc3\xa9"}',  # escapes: read by json
        b'{"a": [1, {"b": 2}], "c": {}}',
        '{"text": "a line given as str"}',
        b"  {}  ",
    ],
)
def test_the_same_record_as_json(line: bytes | str) -> None:
    assert read_record(line) == json.loads(line)
    if isinstance(read_record(line), dict):
        for key, value in read_record(line).items():
            assert type(value) is type(json.loads(line)[key])  # an int stays an int


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"a": 1, "a": 2}', "duplicate key 'a'"),
        (b'{"a": "x", "b": 1, "a": "y"}', "duplicate key 'a'"),
        (b'{"a": [{"b": 1, "b": 2}]}', "duplicate key 'b'"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": 1e400}', "is out of range"),
        (b"\xef\xbb\xbf{} x", "Extra data"),
    ],
)
def test_what_json_refuses_is_refused(line: bytes, message: str) -> None:
    with pytest.raises(Unreadable, match=message):
        read_record(line)


def test_blank_and_null() -> None:
    assert read_record(b"  \r\n") is BLANK
    assert read_record(b"null") is None
