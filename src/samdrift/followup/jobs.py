"""Periodic jobs of follow-up (``SAMDRIFT_PERIODIC_JOBS``): plain functions without arguments."""

from __future__ import annotations

from . import stats


def refresh_statistics() -> int:
    """Count the tickets changed since the last turn into the statistics rollup."""
    return stats.refresh()
