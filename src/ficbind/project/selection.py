"""Choose and order a book's stories: a manifest's [select] filters and its sort key.

Gathered stories (their metadata and word counts, in manifest order) -> the
stories to bind, in reading order.

Filters are any-of within a key and all-of across keys: `fandoms = ["Supernatural",
"Good Omens"]` with `ratings = ["G", "PG"]` keeps a G or PG story from either fandom.
Names are compared the way fans type them: case, punctuation and spacing do not
count, so `grey’s anatomy` (curly apostrophe, lower case) is `Grey's Anatomy`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from ..model import StoryMeta

SORT_KEYS = ("manifest", "title", "author", "words", "date")


@dataclass(frozen=True)
class Selection:
    fandoms: tuple[str, ...] = ()
    ratings: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    sort: str = "manifest"

    @property
    def filters(self) -> bool:
        return bool(self.fandoms or self.ratings or self.exclude_tags)


class Candidate(Protocol):
    """What selection needs to know about a story: its metadata and length."""

    meta: StoryMeta
    words: int


C = TypeVar("C", bound=Candidate)


def match_key(text: str) -> str:
    """The form names are compared in: letters and digits only, case-folded.

    `Grey’s Anatomy`, `grey's anatomy` and `GREYS ANATOMY` all become `greysanatomy`;
    `Teen And Up Audiences` and `teen-and-up audiences` both `teenandupaudiences`.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


# AO3 and other archives qualify a fandom with its medium or canon after the name:
# `Supernatural (TV 2005)`, `Good Omens - Neil Gaiman & Terry Pratchett`. A reader
# asking for "Supernatural" means those too.
_FANDOM_QUALIFIER = re.compile(r"\s*(?:\([^)]*\)|\s[-–—|]\s.*)\s*$")


def _fandom_names(fandom: str) -> set[str]:
    names = {match_key(fandom)}
    base = fandom
    while True:
        shorter = _FANDOM_QUALIFIER.sub("", base)
        if shorter == base or not shorter.strip():
            break
        base = shorter
        names.add(match_key(base))
    return names


def _tag_like(meta: StoryMeta) -> list[str]:
    # AO3 calls all of these tags: an excluded "Major Character Death" is an archive
    # warning, an excluded pairing is a relationship tag.
    return [*meta.warnings, *meta.category, *meta.relationships, *meta.characters, *meta.tags]


def is_selected(selection: Selection, meta: StoryMeta) -> bool:
    """Whether a story passes every filter (a story lacking a filtered field does not)."""
    if selection.fandoms:
        wanted = {match_key(f) for f in selection.fandoms}
        if not any(_fandom_names(f) & wanted for f in meta.fandoms):
            return False
    if selection.ratings:
        if meta.rating is None or match_key(meta.rating) not in {match_key(r) for r in selection.ratings}:
            return False
    if selection.exclude_tags:
        excluded = {match_key(t) for t in selection.exclude_tags}
        if any(match_key(tag) in excluded for tag in _tag_like(meta)):
            return False
    return True


_MONTHS = {name: number for number, name in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def published_date(text: str | None) -> date | None:
    """The date a header's `Published:` value names: `2019-03-04`, `4 March 2019`,
    `Mar 4, 2019`, or a bare year (taken as 1 January)."""
    if not text:
        return None
    candidates = []
    if match := _ISO.search(text):
        candidates.append((int(match[1]), int(match[2]), int(match[3])))
    if match := _DAY_MONTH_YEAR.search(text):
        month = _MONTHS.get(match[2][:3].lower())
        if month:
            candidates.append((int(match[3]), month, int(match[1])))
    if match := _MONTH_DAY_YEAR.search(text):
        month = _MONTHS.get(match[1][:3].lower())
        if month:
            candidates.append((int(match[3]), month, int(match[2])))
    for year, month, day in candidates:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    if match := _YEAR.search(text):
        return date(int(match[1]), 1, 1)
    return None


def _sort_text(text: str) -> str:
    """Case- and punctuation-blind, but word by word, as a library shelves books:
    `Sea Change` before `Seabird`."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(char if char.isalnum() else (" " if char.isspace() else "") for char in folded)
    return " ".join(kept.split())


def _title_key(meta: StoryMeta) -> str:
    return _sort_text(meta.title or "")


def _sort_key(sort: str, candidate: Candidate):
    meta = candidate.meta
    if sort == "title":
        return (_title_key(meta),)
    if sort == "author":
        return (_sort_text(meta.authors[0]) if meta.authors else "\uffff", _title_key(meta))
    if sort == "words":
        return (candidate.words,)
    if sort == "date":
        # Undated stories go last, in manifest order.
        published = published_date(meta.published)
        return (published is None, published or date.min)
    return ()


def select(selection: Selection, candidates: Sequence[C]) -> list[C]:
    """The candidates that pass the filters, in the selection's order. Sorting is
    stable, so ties (and `sort = "manifest"`) keep the manifest's order."""
    chosen = [c for c in candidates if is_selected(selection, c.meta)]
    if selection.sort != "manifest":
        chosen.sort(key=lambda c: _sort_key(selection.sort, c))
    return chosen
