"""What a library shows for a book: who wrote it, who compiled it, its series.

Book -> catalogue facts. Library software (Calibre, and through it Kindle's AZW3;
Kobo's and Apple's libraries) reads these from the EPUB's package and the PDF's
document information, so both writers take them from here and say the same thing:
the stories' authors as the book's authors, the compiler after them as its editor
(or as the one name a library can show when no story names an author), and a
one-story book's series with the story's place in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model import Book

# MARC relator codes, the roles the EPUB package gives its creators. A compiler is
# `edt`, not `com`: Calibre lists `aut` creators as the authors, falls back on the
# `edt` ones when there are none, and never shows a `com` (the sample anthology,
# whose only creator was a `com`, was listed as by "Unknown").
Role = Literal["aut", "edt"]


@dataclass(frozen=True)
class Creator:
    name: str
    file_as: str  # the name as a library sorts it
    role: Role


@dataclass(frozen=True)
class Series:
    name: str
    position: str | None  # the story's number in it, as written ("2", "2.5"); None when the header gives none


def _unique(names: list[str]) -> list[str]:
    """Names in order of first appearance, each once (`Sam` and `sam` are one person)."""
    seen: set[str] = set()
    out = []
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def authors(book: Book) -> list[str]:
    """Every story's authors, in the order the book first names them."""
    return _unique([name for story in book.stories for name in story.meta.authors])


def creators(book: Book) -> list[Creator]:
    """The book's creators in the order a library lists them: the authors, then the compiler."""
    out = [Creator(name, file_as(name), "aut") for name in authors(book)]
    compiler = " ".join((book.meta.compiler or "").split())
    if compiler and compiler.casefold() not in {c.name.casefold() for c in out}:
        out.append(Creator(compiler, file_as(compiler), "edt"))
    return out


# A personal name as libraries invert it: two or three capitalised words ("Jane Doe",
# "Mary Ann Evans"), the last one the surname. Anything else (most fandom pseudonyms:
# `miss_blanche`, `thegreenwitch`, `A Reader`) sorts as written.
_PERSONAL_NAME = re.compile(r"(?:[A-Z][a-z'’-]+\.? ){1,2}[A-Z][a-z'’-]+")


def file_as(name: str) -> str:
    """`Jane Doe` -> `Doe, Jane`; a pseudonym stays as written."""
    if _PERSONAL_NAME.fullmatch(name):
        given, surname = name.rsplit(" ", 1)
        return f"{surname}, {given}"
    return name


def name_list(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`: names as a sentence names them."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def author_line(book: Book) -> str | None:
    """The one line naming who made the book, as the PDF's Author field gives it: the
    authors (joined with ` & `, which Calibre splits back into names, as it writes them
    itself), else the compiler."""
    names = authors(book)
    if names:
        return " & ".join(names)
    return " ".join(book.meta.compiler.split()) if book.meta.compiler else None


# How headers and archives write a story's place in a series:
# `Part 2 of Winter Light` (AO3), `Book 2 of …`, `Winter Light, part 2`, `Winter Light #2`,
# `Winter Light (2)`; `Winter Light: Book Two` is left whole (no digits to trust).
_NUMBER = r"(\d+(?:\.\d+)?)"
_WORD = r"(?:part|book|volume|vol\.?|no\.?)"
_SERIES_FORMS = (
    re.compile(rf"^(?:{_WORD}|#)\s*{_NUMBER}\s+(?:of|in)\s+(?P<name>.+)$", re.I),
    re.compile(rf"^(?P<name>.+?)[\s,:;–—-]+{_WORD}\s*{_NUMBER}$", re.I),
    re.compile(rf"^(?P<name>.+?)\s*(?:#\s*{_NUMBER}|[(\[]\s*(?:{_WORD}\s*)?{_NUMBER}\s*[)\]])$", re.I),
)


def parse_series(text: str | None) -> Series | None:
    """A header's series field as a name and a position: `Part 2 of Winter Light` ->
    Series("Winter Light", "2"). A field with no number is a series without a position."""
    text = " ".join((text or "").split())
    if not text:
        return None
    for form in _SERIES_FORMS:
        match = form.match(text)
        if match:
            name_group = match.re.groupindex["name"]
            number = next(g for k, g in enumerate(match.groups(), 1) if g and k != name_group)
            name = match.group("name").strip(" ,:;–—-")
            if name:
                return Series(name, str(float(number)).removesuffix(".0") if "." in number else str(int(number)))
    return Series(text, None)


def series(book: Book) -> Series | None:
    """The series a one-story book belongs to. An anthology is a book of its own, not a
    volume of its stories' series, so it carries none."""
    if len(book.stories) != 1:
        return None
    return parse_series(book.stories[0].meta.series)
