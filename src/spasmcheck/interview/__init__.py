"""The interactive interview: ``flow`` decides what to ask, ``terminal`` does the asking."""

from spasmcheck.engine.lists import screening_level

from .flow import Ask, Done, Group, Interview, Reply, parse_reply
from .terminal import confirm, make_console, offer_to_save, run_interview

__all__ = [
    "Ask",
    "Done",
    "Group",
    "Interview",
    "Reply",
    "confirm",
    "make_console",
    "offer_to_save",
    "parse_reply",
    "run_interview",
    "screening_level",
]
