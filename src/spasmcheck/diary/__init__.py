"""The private diary: saved assessments and logged episodes, on this machine only.

Core modules, no terminal I/O: ``location`` (where the file is), ``schema`` (creating,
checking and migrating it), ``store`` (reading and writing entries), ``transfer``
(JSON Lines export and import), ``window`` (``--since 90d``), ``trends`` (what the
entries add up to) and ``entry`` (what an assessment is saved as).
"""

from spasmcheck.errors import UsageError


class DiaryError(UsageError):
    """The diary cannot be used as asked: not a diary, damaged, newer, or no such entry."""


__all__ = ["DiaryError"]
