"""The book's date: one that means something, and the same every time for the same inputs.

Inputs -> BookDate. The first of these that gives a date is the book's date, shown on
the title page, given as the EPUB's `dc:date` (what a library shows as published) and
the PDF's creation date:

1. the manifest's `[book] date`, as the compiler wrote it;
2. `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the moment these
   sources are from" (a packager or a CI job sets it);
3. the newest date the stories' headers give (published, updated or completed): the
   book is as new as its newest text;
4. the day the newest story file was last modified (a download's save date).

The moment the file was made (`dcterms:modified`, every zip entry's timestamp, the
PDF's modification date) is `SOURCE_DATE_EPOCH` when it is set, else midnight (UTC)
of the book's date, never the clock: building twice gives the same bytes, and a
file touched again the same day changes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal

from ..errors import UsageError
from ..model import StoryMeta

Source = Literal["manifest", "SOURCE_DATE_EPOCH", "stories", "files"]


@dataclass(frozen=True)
class BookDate:
    day: date  # the title page's date, `dc:date`, the PDF's creation date
    moment: datetime  # `dcterms:modified`, the zip's timestamps, the PDF's modification date
    source: Source  # where the day came from


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> datetime | None:
    """SOURCE_DATE_EPOCH as a moment, or None when it is not set."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None


def manifest_date(text: str) -> date:
    """`[book] date`: an ISO date."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"the book date {text!r} is not an ISO date such as 2026-11-21") from None


_MONTHS = {name: k for k, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), 1) for name in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
# How headers and archives write a day. Only unambiguous forms: `03/04/2021` is March
# in one country and April in another, so a date in digits alone must put the year first.
_DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"),  # 2021-03-14 (AO3, FanFicFare)
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})"),  # 14 March 2021
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"),  # March 14, 2021 (FFN)
)


def parse_story_date(text: str) -> date | None:
    """The first unambiguous date in a header's value, or None."""
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            month_text = match.group("month")
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
            try:
                return date(int(match.group("year")), month or 0, int(match.group("day")))
            except ValueError:
                continue
    return None


_DATE_LABELS = {"published", "updated", "completed", "date", "posted", "last updated", "date updated"}


def story_date(meta: StoryMeta) -> date | None:
    """The newest date a story's header gives: published, updated or completed."""
    values = [meta.published or ""]
    values += [field.value for field in (*meta.fields, *meta.extra)
               if field.label.strip().rstrip(":").strip().casefold() in _DATE_LABELS]
    found = [day for day in (parse_story_date(value) for value in values if value) if day is not None]
    return max(found, default=None)


def book_date(manifest: str | None, stories: Iterable[StoryMeta], files: Iterable[Path],
              environ: Mapping[str, str] = os.environ) -> BookDate:
    """The book's date and the moment its files are stamped with (see the module's docstring)."""
    epoch = source_date_epoch(environ)
    day: date | None = None
    source: Source
    if manifest:
        day, source = manifest_date(manifest), "manifest"
    elif epoch is not None:
        day, source = epoch.date(), "SOURCE_DATE_EPOCH"
    else:
        day = max((found for found in map(story_date, stories) if found is not None), default=None)
        source = "stories"
        if day is None:
            times = [path.stat().st_mtime for path in files if path.is_file()]
            # No file at all (stories from standard input): the epoch's first day, as a
            # date that is plainly no real one, rather than the clock.
            day = datetime.fromtimestamp(max(times, default=0), tz=UTC).date()
            source = "files"
    moment = epoch if epoch is not None else datetime.combine(day, time.min, tzinfo=UTC)
    return BookDate(day, moment, source)
