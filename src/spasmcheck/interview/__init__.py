"""The interactive interview: ``flow`` decides what to ask, ``terminal`` does the asking."""

from .flow import Ask, Done, Group, Interview, Reply, parse_reply, screening_level
from .terminal import make_console, run_interview

__all__ = [
    "Ask",
    "Done",
    "Group",
    "Interview",
    "Reply",
    "make_console",
    "parse_reply",
    "run_interview",
    "screening_level",
]
