"""Turn header fields, as the author wrote them, into `StoryMeta`.

Lists are split the way fans write them (`alex. izzie. | alex/izzie. george/izzie.`,
`Alex/Izzie with a hint of Alex/Lexie.`); everything else stays as written:
ratings keep their spelling and case, titles keep the author's lower case. (A prompt
that quotes a song is taken apart later, by transforms/lyrics.py, which sets the
lyric as the story's epigraph with its credit.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..model import Block, Field, Inline, Paragraph, StoryMeta, Text
from .decoding import drop_non_text
from .header import LIST_KEYS, label_key

InlineParser = Callable[[str], list[Inline]]

# Separators between items of a list field. Besides commas and semicolons, fic
# headers join pairings with phrases (`Alex/Izzie with a hint of Alex/Lexie`) and,
# in dot-style headers, with full stops (`alex. izzie.`).
_LIST_SPLIT = re.compile(
    r"\s*(?:[,;|]|\.(?=\s|$)|\s(?:and|plus|with)\s+(?:an?\s+)?(?:(?:slight|small|little|tiny)\s+)?"
    r"(?:hints?|bits?|touch|side|dash|mention)\s+of\s|\s&\s(?=\S+/))\s*",
    re.IGNORECASE,
)


def split_list(value: str) -> list[str]:
    items = [item.strip(" .\t") for item in _LIST_SPLIT.split(value)]
    return [item for item in items if item]


def _is_pairing(item: str) -> bool:
    # `Alex/Izzie`, `Aziraphale & Crowley`, `Dean x Cas`: a relationship, not a character.
    return "/" in item or " & " in item or bool(re.search(r"\w\s+x\s+\w", item))


def _plain_inlines(text: str) -> list[Inline]:
    return [Text(text)]


def paragraphs(text: str, inline: InlineParser = _plain_inlines) -> list[Block]:
    """A field's prose as paragraphs: blank lines separate them, other line breaks are
    hard wrapping (YAML block values, AO3 summaries) and become spaces."""
    blocks: list[Block] = []
    for part in re.split(r"\n\s*\n", text.strip()):
        part = re.sub(r"\s*\n\s*", " ", part).strip()
        if part:
            blocks.append(Paragraph(inline(part)))
    return blocks


def _append_unique(target: list[str], items: list[str]) -> None:
    seen = {item.casefold() for item in target}
    for item in items:
        if item.casefold() not in seen:
            target.append(item)
            seen.add(item.casefold())


def _sort_people(meta: StoryMeta, items: list[str]) -> None:
    # A `Pairing:` field often names single characters too (`Gen, Alex`), and a
    # `Characters:` field pairings (`bea. the ferryman. | bea/the ferryman.`).
    _append_unique(meta.relationships, [i for i in items if _is_pairing(i)])
    _append_unique(meta.characters, [i for i in items if not _is_pairing(i)])


# --- fields -> meta -------------------------------------------------------------------------

Setter = Callable[[StoryMeta, str, InlineParser], None]


def _set_rich(name: str) -> Setter:
    def setter(meta: StoryMeta, value: str, inline: InlineParser) -> None:
        getattr(meta, name).extend(paragraphs(value, inline))

    return setter


def _set_list(name: str) -> Setter:
    def setter(meta: StoryMeta, value: str, inline: InlineParser) -> None:
        if name in ("characters", "relationships"):
            _sort_people(meta, split_list(value))
        else:
            _append_unique(getattr(meta, name), split_list(value))

    return setter


def _set_text(name: str) -> Setter:
    def setter(meta: StoryMeta, value: str, inline: InlineParser) -> None:
        if value and getattr(meta, name) is None:
            setattr(meta, name, value)

    return setter


def split_authors(value: str) -> list[str]:
    return [a.strip() for a in re.split(r"\s*(?:,|;|&|\band\b)\s*", value) if a.strip()]


def _set_authors(meta: StoryMeta, value: str, inline: InlineParser) -> None:
    _append_unique(meta.authors, split_authors(value))


def _set_spoilers_and_warnings(meta: StoryMeta, value: str, inline: InlineParser) -> None:
    # LiveJournal's `spoilers/warnings.` field mostly names episodes (`4x04`): keep it whole.
    if meta.spoilers is None:
        meta.spoilers = value


_SETTERS: dict[str, Setter] = {
    "title": _set_text("title"),
    "authors": _set_authors,
    "fandoms": _set_list("fandoms"),
    "relationships": _set_list("relationships"),
    "characters": _set_list("characters"),
    "characters+relationships": _set_list("characters"),
    "rating": _set_text("rating"),
    "warnings": _set_list("warnings"),
    "spoilers+warnings": _set_spoilers_and_warnings,
    "spoilers": _set_text("spoilers"),
    "category": _set_list("category"),
    "tags": _set_list("tags"),
    "language": _set_text("language"),
    "series": _set_text("series"),
    "summary": _set_rich("summary"),
    "notes": _set_rich("notes"),
    "end_notes": _set_rich("end_notes"),
    "disclaimer": _set_rich("disclaimer"),
    "prompt": _set_rich("prompt"),
    "dedication": _set_rich("dedication"),
    "stated_word_count": _set_text("stated_word_count"),
    "source": _set_text("source"),
    "published": _set_text("published"),
}
# Keys that are recognised but belong on no title page: AO3's kudos and hit counts
# describe the page on the day it was copied, not the work. They stay in `fields`.
_NOT_SHOWN = {"archive_stat"}


def meta_from_fields(
    fields: list[Field],
    lists: dict[int, list[str]] | None = None,
    inline: InlineParser = _plain_inlines,
) -> StoryMeta:
    """StoryMeta from header fields in order; unknown labels are kept in `extra`.

    `lists` gives the items of fields that were real lists (YAML), by field index, so
    a tag with a comma in it stays one tag. `inline` parses prose values (Markdown).
    """
    meta = StoryMeta(fields=list(fields))
    for index, f in enumerate(fields):
        key = label_key(f.label)
        setter = _SETTERS.get(key) if key else None
        if setter is None:
            if key not in _NOT_SHOWN and f.value:
                meta.extra.append(f)
            continue
        items = (lists or {}).get(index)
        if items is not None and key in LIST_KEYS:
            if key == "authors":
                _append_unique(meta.authors, items)
            elif key in ("characters", "relationships", "characters+relationships"):
                _sort_people(meta, items)
            else:
                _append_unique(getattr(meta, key), items)
        elif f.value:
            setter(meta, f.value, inline)
    return meta


# --- manifest overrides -------------------------------------------------------------------


def apply_overrides(meta: StoryMeta, overrides: dict[str, object]) -> StoryMeta:
    """A manifest's [[story]] fields win over what the header says.

    Prose fields (summary, notes, ...) take text with blank lines between paragraphs;
    list fields take a list, or a string split the way a header's would be.
    """
    changes: dict[str, Any] = {}
    for name, value in overrides.items():
        current = getattr(meta, name)
        # TOML's escapes can spell any character (`"\u0000"`): keep only text.
        if isinstance(value, str):
            value = drop_non_text(value)
        elif isinstance(value, list):  # and an item with nothing left is no item
            value = [kept for item in value if (kept := drop_non_text(str(item)).strip())]
        if name in ("summary", "notes", "end_notes", "disclaimer", "dedication", "prompt") and isinstance(value, str):
            changes[name] = paragraphs(value)
        elif isinstance(current, list) and isinstance(value, str):
            changes[name] = split_authors(value) if name == "authors" else split_list(value)
        else:
            changes[name] = list(value) if isinstance(value, list) else value
    return replace(meta, **changes)
