"""Dates in Indonesian news: reading a written date, writing one ("Senin, 10 Januari 2022"), and the
absolute date that a relative or partial date of an article means ("(10/1)", "kemarin", "pekan lalu").

Rules for what a relative or partial date means, from the article's publication date P:

* A day and month without a year ("(10/1)", "16 Agustus") take the year that puts them nearest
  before or at P: news reports the past. Announcements look a little ahead, so a date up to
  :data:`LOOKAHEAD_DAYS` after P stays in P's year ("(14/1)" published on 12 January is 14 January,
  not a year earlier). "… lalu" means strictly before P; "… mendatang"/"… depan" strictly after.
* A weekday with a day and month ("Sabtu (5/3)"): the day and month decide. The weekday only
  picks between the two candidate years when a date falls in the look-ahead window (the year
  whose date is that weekday wins); when it agrees with neither, the day and month are trusted.
  The meaning always shows the weekday the date really has.
* A weekday alone ("Senin") is the most recent such day on or before P; "Senin lalu" strictly
  before P, "Senin depan"/"Senin mendatang" the next one after P.
* "hari ini" = P, "kemarin" = P − 1, "kemarin lusa" = P − 2, "besok"/"esok" = P + 1, "lusa" = P + 2,
  "N hari lalu" = P − N.
* Weeks run Monday to Sunday: "pekan lalu"/"minggu lalu" is the week before P's week ("pekan 3–9
  Januari 2022"); months and years likewise ("bulan lalu" = "Desember 2021", "tahun lalu" = "2021").
  "Minggu lalu" means last week, not last Sunday (usage; the weekday needs "(d/m)" or no "lalu").
* A date with its year ("Kamis (18/8/2016)", "22 Februari 2023") means itself, P or not.
* Without P nothing relative is resolved: no guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
LOOKAHEAD_DAYS = 7
"""A day and month without a year up to this many days after the publication date are taken as ahead."""

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


def day_name(day: date) -> str:
    """``day`` as "Senin, 10 Januari 2022"."""
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def indonesian_date(raw: str | None) -> str | None:
    """``raw`` as "Senin, 10 Januari 2022"; text that holds no date is returned as it is."""
    if not raw:
        return None
    parsed = parse_date(raw)
    return day_name(parsed) if parsed else raw.strip()


@dataclass(frozen=True)
class DateMeaning:
    """The absolute date (or period) that a date phrase of an answer means.

    ``phrase`` is the phrase as written in the answer ("(10/1)", "pekan lalu"); ``value`` is ISO:
    a day "2022-01-10", a week "2022-01-03/2022-01-09", a month "2021-12" or a year "2021";
    ``shown`` is how the page writes it: "Senin, 10 Januari 2022", "pekan 3–9 Januari 2022",
    "Desember 2021", "2021".
    """

    phrase: str
    value: str
    shown: str


_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
_MONTH_NAME = (r"(?P<month>(?i:januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober"
               r"|november|nopember|desember|jan|feb|mar|apr|jun|jul|agu|ags|agt|sep|sept|okt|nov|nop|des)\.?)")
_PAST = r"(?i:lalu|yang\s+lalu|kemarin)"
_AHEAD = r"(?i:depan|mendatang|yang\s+akan\s+datang)"
_COUNT = r"(?P<count>\d{1,2}|(?i:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh))"
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh".split())}
_DAY_OFFSETS = {"hari ini": 0, "kemarin": -1, "kemarin lusa": -2, "besok": 1, "esok": 1, "lusa": 2}
_UNITS = {"hari": "day", "pekan": "week", "minggu": "week", "bulan": "month", "tahun": "year"}

_WEEKDAY_AT_END = re.compile(rf"\b{_WEEKDAY}$")
_DAY_MONTH_NEXT = re.compile(r"\s*\(\d{1,2}/\d{1,2}(?:/\d{4})?\)")
_QUANTITY_BEFORE = re.compile(r"(?i:\d|puluh|belas|ratus|ribu|juta|beberapa|berapa)\w*\s+$")
"""A period phrase after a quantity we do not read ("100 tahun lalu", "beberapa pekan lalu") means no one period."""

# Each pattern in order of preference for phrases starting at the same place (longest wins first).
_PATTERNS = (
    ("full", re.compile(rf"(?:\b{_WEEKDAY},?\s*)?\(?\b(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}})\b\)?")),
    ("full", re.compile(rf"(?:\b{_WEEKDAY},?\s+)?\b(?P<day>\d{{1,2}})\s+{_MONTH_NAME}\s+(?P<year>\d{{4}})\b")),
    ("day_month", re.compile(rf"(?:\b{_WEEKDAY}\s*)?\((?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})\)")),
    ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH_NAME}(?!\s*\d)(?:\s+(?:(?P<past>{_PAST})"
                             rf"|(?P<ahead>{_AHEAD})))?(?![\w])")),
    ("period", re.compile(rf"\b(?:{_COUNT}\s+|(?P<one>(?i:se)))?(?P<unit>(?i:pekan|minggu|bulan|tahun))\s+"
                          rf"(?:(?P<this>(?i:ini))|(?P<past>{_PAST})|(?P<ahead>{_AHEAD}))\b")),
    ("days", re.compile(rf"\b(?:{_COUNT}\s+|(?P<one>(?i:se)))(?i:hari)\s+(?:(?P<past>{_PAST})|(?P<ahead>"
                        rf"{_AHEAD}|(?i:lagi)))\b")),
    ("relative_day", re.compile(r"\b(?P<word>(?i:hari\s+ini|kemarin\s+lusa|kemarin|besok|esok|lusa))\b")),
    ("month", re.compile(rf"\b{_MONTH_NAME}\s+(?:(?P<year>\d{{4}})|(?P<this>(?i:ini))|(?P<past>{_PAST})"
                         rf"|(?P<ahead>{_AHEAD}))\b")),
    ("weekday", re.compile(rf"\b{_WEEKDAY}(?:\s+(?:(?P<past>{_PAST})|(?P<ahead>{_AHEAD})))?\b")),
)


_BRACKETED_DAY_MONTH = re.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)")
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY},?\s*$")


def whole_date(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``text[start:end]`` widened to the whole date it is part of: news write a date as a weekday with
    its day and month, "Senin (10/1)", and a span of one half ("(10/1)" or "Senin") is given with the other."""
    span = text[start:end]
    if _BRACKETED_DAY_MONTH.fullmatch(span) and (weekday := _WEEKDAY_BEFORE.search(text, max(0, start - 12), start)):
        return weekday.start(), end
    if re.fullmatch(_WEEKDAY, span) and (dated := _DAY_MONTH_NEXT.match(text, end)):
        return start, dated.end()
    return start, end


def date_meaning(text: str, published: str | None, following: str = "") -> DateMeaning | None:
    """What the first date phrase of ``text`` means, read from the publication date ``published``
    (any form :func:`parse_date` reads); None when ``text`` holds no date phrase, or a relative one
    and the publication date is unknown. See the module's rules.

    ``following`` is the article's text right after ``text``: a weekday that ends ``text`` is read
    with the "(d/m)" that follows it there (an answer "Senin" of "… Senin (3/1) …" is 3 January).
    """
    if _WEEKDAY_AT_END.search(text) and (dated := _DAY_MONTH_NEXT.match(following)):
        text += dated.group(0)
    publication = parse_date(published) if published else None
    found = []
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            meaning = _meaning(kind, match, publication)
            if meaning is not None:
                found.append((match.start(), -(match.end() - match.start()), rank, match, meaning))
                break
    if not found:
        return None
    *_, match, (first, last, unit) = min(found, key=lambda item: item[:3])
    return DateMeaning(match.group(0).strip(), _iso(first, last, unit), _shown(first, last, unit))


def _meaning(kind: str, match: re.Match, publication: date | None) -> tuple[date, date, str] | None:
    """The first and last day a phrase means and its unit ("day", "week", "month", "year")."""
    if kind == "full":
        day = _valid(int(match["year"]), _month_number(match["month"]), int(match["day"]))
        return (day, day, "day") if day else None
    if publication is None:
        return None
    groups = match.groupdict()
    direction = "past" if groups.get("past") else "ahead" if groups.get("ahead") else "auto"
    if kind == "day_month":
        day = _nearest(int(match["day"]), _month_number(match["month"]), publication, direction,
                       _weekday(groups.get("weekday")))
        return (day, day, "day") if day else None
    if kind == "relative_day":
        day = publication + timedelta(days=_DAY_OFFSETS[" ".join(match["word"].lower().split())])
        return day, day, "day"
    if kind == "weekday":
        return _weekday_near(_weekday(match["weekday"]), publication, direction)
    if kind == "month":
        month = _month_number(match["month"])
        if match["year"]:
            return _period(date(int(match["year"]), month, 1), "month")
        return _month_near(month, publication, direction)
    if not (match["one"] or match["count"]) and _QUANTITY_BEFORE.search(match.string, 0, match.start()):
        return None
    steps = 1 if match["one"] else _count(match["count"]) if match["count"] else 1
    steps = -steps if direction == "past" else 0 if groups.get("this") else steps
    unit = "day" if kind == "days" else _UNITS[match["unit"].lower()]
    return _shifted(publication, unit, steps)


def _nearest(day: int, month: int, publication: date, direction: str, weekday: int | None) -> date | None:
    """The date ``day``/``month`` nearest before ``publication`` (see the module's rules)."""
    candidates = [d for year in range(publication.year - 8, publication.year + 9) if (d := _valid(year, month, day))]
    before = [d for d in candidates if d < publication or (d == publication and direction != "past")]
    after = [d for d in candidates if d > publication]
    if direction == "ahead":
        return after[0] if after else None
    latest = before[-1] if before else None
    if direction == "past":
        return latest
    soon = after[0] if after and after[0] - publication <= timedelta(days=LOOKAHEAD_DAYS) else None
    if soon and latest and weekday is not None and latest.weekday() == weekday != soon.weekday():
        return latest
    return soon or latest


def _weekday_near(weekday: int, publication: date, direction: str) -> tuple[date, date, str]:
    back = (publication.weekday() - weekday) % 7
    if direction == "ahead":
        day = publication + timedelta(days=(weekday - publication.weekday() - 1) % 7 + 1)
    else:
        day = publication - timedelta(days=back or (7 if direction == "past" else 0))
    return day, day, "day"


def _month_near(month: int, publication: date, direction: str) -> tuple[date, date, str]:
    year = publication.year
    if direction == "past" and month >= publication.month or direction == "auto" and month > publication.month:
        year -= 1
    elif direction == "ahead" and month <= publication.month:
        year += 1
    return _period(date(year, month, 1), "month")


def _shifted(publication: date, unit: str, steps: int) -> tuple[date, date, str]:
    """The day, week, month or year ``steps`` units away from the one holding ``publication``."""
    if unit == "day":
        day = publication + timedelta(days=steps)
        return day, day, "day"
    if unit == "week":
        monday = publication - timedelta(days=publication.weekday()) + timedelta(weeks=steps)
        return monday, monday + timedelta(days=6), "week"
    if unit == "month":
        months = publication.year * 12 + publication.month - 1 + steps
        return _period(date(months // 12, months % 12 + 1, 1), "month")
    return _period(date(publication.year + steps, 1, 1), "year")


def _period(first: date, unit: str) -> tuple[date, date, str]:
    if unit == "year":
        return first, date(first.year, 12, 31), "year"
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1), "month"


def _iso(first: date, last: date, unit: str) -> str:
    if unit == "day":
        return first.isoformat()
    if unit == "week":
        return f"{first.isoformat()}/{last.isoformat()}"
    return f"{first.year}-{first.month:02d}" if unit == "month" else str(first.year)


def _shown(first: date, last: date, unit: str) -> str:
    if unit == "day":
        return day_name(first)
    if unit == "month":
        return f"{MONTHS[first.month - 1]} {first.year}"
    if unit == "year":
        return str(first.year)
    if first.year != last.year:
        start = f"{first.day} {MONTHS[first.month - 1]} {first.year}"
    elif first.month != last.month:
        start = f"{first.day} {MONTHS[first.month - 1]}"
    else:
        start = str(first.day)
    return f"pekan {start}–{last.day} {MONTHS[last.month - 1]} {last.year}"


def _valid(year: int, month: int | None, day: int) -> date | None:
    try:
        return date(year, month or 0, day)
    except ValueError:
        return None


def _month_number(month: str) -> int | None:
    return int(month) if month.isdigit() else _MONTH_PREFIXES.get(month[:3].lower())


def _weekday(name: str | None) -> int | None:
    if not name:
        return None
    name = name.replace("'", "")
    return 6 if name == "Ahad" else DAYS.index(name)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]
