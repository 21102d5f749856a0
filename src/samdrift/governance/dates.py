"""The deadlines of the minutes, as pure functions on Europe/Stockholm calendar days.

* justering within 14 days of the meeting (a common rule of procedure, reglemente);
* posting on the notice board within 2 days of justering (Kommunallagen 8 kap. 12 §
  requires it within two days of justering);
* the appeal period (laglighetsprövning, KL 13 kap. 5 §) is three weeks from the day the
  notice was posted: the last day to appeal is 21 calendar days after posting.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
JUSTERING_DAYS = 14
POSTING_DAYS = 2
APPEAL_DAYS = 21


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day in Stockholm of an aware moment (a meeting at 00:30 local time
    on 1 June is on 1 June even though it is still 31 May in UTC)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(STOCKHOLM).date()


def justering_due(meeting_day: datetime.date) -> datetime.date:
    return meeting_day + datetime.timedelta(days=JUSTERING_DAYS)


def posting_due(signed_on: datetime.date) -> datetime.date:
    return signed_on + datetime.timedelta(days=POSTING_DAYS)


def appeal_ends(posted_on: datetime.date) -> datetime.date:
    return posted_on + datetime.timedelta(days=APPEAL_DAYS)


def appeal_open(posted_on: datetime.date, today: datetime.date) -> bool:
    return posted_on <= today <= appeal_ends(posted_on)
