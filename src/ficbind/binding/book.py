"""The book's own metadata: the flags, else the manifest's `[book]`, else what the
stories say (a lone story's title, the language most of them are in)."""

from __future__ import annotations

from datetime import date

from ..model import BookMeta, StoryMeta
from ..project.gather import Gathered
from ..readers.decoding import drop_non_text
from ..text.languages import language_tag
from .settings import Settings


def book_meta(gathered: Gathered, stories: list[StoryMeta], settings: Settings, day: date) -> BookMeta:
    """`day`: the book's date (book_date.py)."""
    book = gathered.manifest.book if gathered.manifest else {}
    title = settings.title or book.get("title")
    if not title:
        title = stories[0].title if len(stories) == 1 and stories[0].title else gathered.fallback_title
    language = book.get("language")
    if not language:
        # Headers name languages as archives print them (`English`); the book needs a tag (`en`).
        languages = [tag for tag in (language_tag(s.language) for s in stories) if tag]
        language = max(sorted(set(languages)), key=languages.count) if languages else "en"
    compiler, description = settings.author or book.get("author"), book.get("description")
    return BookMeta(
        # A --title or manifest string may spell any character (`"\u0007"`): keep only text.
        title=drop_non_text(title).strip() or gathered.fallback_title,
        compiler=drop_non_text(compiler).strip() or None if compiler else None,
        language=language,
        date=day.isoformat(),
        description=drop_non_text(description).strip() or None if description else None,
        blurb=drop_non_text(book["blurb"]).strip() or None if book.get("blurb") else None,
        not_for_sale=book.get("not_for_sale", True),
    )
