"""One date format on the page: "Senin, 10 Januari 2022"."""

from __future__ import annotations

import re
from datetime import date

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
_MONTH_PREFIXES = {"jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6, "jul": 7,
                   "agu": 8, "ags": 8, "agt": 8, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11,
                   "des": 12, "dec": 12}
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_NAMED = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>\d{4})\b")
_MONTH_FIRST = re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b")
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})\b")


def parse_date(raw: str) -> date | None:
    """The date written in ``raw`` ("2022-01-10", "10 Januari 2022, 18:09 WIB", "10 Jan 2022",
    "January 10, 2022", "10/01/2022", "Senin, 10 Januari 2022"...), or None when it shows none."""
    for pattern in (_ISO, _NAMED, _MONTH_FIRST, _NUMERIC):
        match = pattern.search(raw)
        if not match:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _MONTH_PREFIXES.get(month[:3].lower())
        try:
            return date(int(match["year"]), number or 0, int(match["day"]))
        except ValueError:
            continue
    return None


def indonesian_date(raw: str | None) -> str | None:
    """``raw`` as "Senin, 10 Januari 2022"; text that holds no date is returned as it is."""
    if not raw:
        return None
    parsed = parse_date(raw)
    if parsed is None:
        return raw.strip()
    return f"{DAYS[parsed.weekday()]}, {parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"
