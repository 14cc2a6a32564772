"""Freshness: a record nobody has verified for 18 months (or ever) is stale."""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone

STALE_AFTER_MONTHS = 18


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` earlier (the last day when that month is short)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_cutoff(today=None) -> datetime.date:
    return months_before(today or timezone.localdate(), STALE_AFTER_MONTHS)


def stale_condition(today=None) -> Q:
    return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today))
