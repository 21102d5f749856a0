"""Optimistic locking: the version a change expects, or the marker of a system job.

Every change of a versioned object names the version its author saw
(``expected_version=3``); ``update_object`` and ``delete_object`` refuse it when the stored
version has moved on. Only code that re-reads the object under its row lock before
writing (a workflow step inside an action, the worker's jobs, the demo) may skip that
check, and it says so explicitly with :data:`SYSTEM`. A missing version (``None``, a form
posted without its hidden ``version`` field) is never taken as "skip the check": it is
refused with :class:`~samdrift.core.exceptions.VersionRequiredError`.
"""

from __future__ import annotations

from typing import Final, final

from .exceptions import ConcurrentEditError, VersionRequiredError


@final
class SystemJob:
    """The type of :data:`SYSTEM`: a change made by the system, not from a user's copy."""

    _instance: SystemJob | None = None

    def __new__(cls) -> SystemJob:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemJob()

#: What ``expected_version`` takes: the version the author saw, or :data:`SYSTEM`.
type ExpectedVersion = int | SystemJob


def check_version(current_version: int, expected_version: ExpectedVersion | None) -> None:
    """Refuse a change whose author saw another version than the stored one.

    ``SYSTEM`` skips the comparison; ``None`` (or anything but an int) is refused.
    """
    if expected_version is SYSTEM:
        return
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise VersionRequiredError
    if current_version != expected_version:
        raise ConcurrentEditError(current_version)
