"""Turn header fields, as the author wrote them, into `StoryMeta`.

Lists are split the way fans write them (`alex. izzie. | alex/izzie. george/izzie.`,
`Alex/Izzie with a hint of Alex/Lexie.`); everything else stays as written:
ratings keep their spelling and case, titles keep the author's lower case.
"""

from __future__ import annotations

import re
from typing import Callable

from ..model import Block, Field, Paragraph, StoryMeta, Text
from .header import label_key

# Separators between items of a list field. Besides commas and semicolons, fic
# headers join pairings with phrases (`Alex/Izzie with a hint of Alex/Lexie`) and,
# in dot-style headers, with full stops (`alex. izzie.`).
_LIST_SPLIT = re.compile(
    r"\s*(?:[,;|]|\.(?=\s|$)|\s(?:and|plus|with)\s+(?:an?\s+)?(?:(?:slight|small|little|tiny)\s+)?"
    r"(?:hints?|bits?|touch|side|dash|mention)\s+of\s|\s&\s(?=\S+/))\s*",
    re.IGNORECASE,
)
_PAIRING = re.compile(r"\S\s*[/x&]\s*\S|\S/\S")


def split_list(value: str) -> list[str]:
    items = [item.strip(" .\t") for item in _LIST_SPLIT.split(value)]
    return [item for item in items if item]


def _is_pairing(item: str) -> bool:
    # `Alex/Izzie`, `Aziraphale & Crowley`, `Dean x Cas`: a relationship, not a character.
    return "/" in item or " & " in item or bool(re.search(r"\w\s+x\s+\w", item))


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph([Text(text.strip())])] if text.strip() else []


def _append_unique(target: list[str], items: list[str]) -> None:
    seen = {item.casefold() for item in target}
    for item in items:
        if item.casefold() not in seen:
            target.append(item)
            seen.add(item.casefold())


def _set_characters_and_relationships(meta: StoryMeta, value: str) -> None:
    items = split_list(value)
    _append_unique(meta.relationships, [i for i in items if _is_pairing(i)])
    _append_unique(meta.characters, [i for i in items if not _is_pairing(i)])


def _set_relationships(meta: StoryMeta, value: str) -> None:
    # A `Pairing:` field often names single characters too (`Gen, Alex`).
    _set_characters_and_relationships(meta, value)


def _set_spoilers_and_warnings(meta: StoryMeta, value: str) -> None:
    # LiveJournal's `spoilers/warnings.` field mostly names episodes (`4x04`): keep it whole.
    meta.spoilers = value


def _set_rich(name: str) -> Callable[[StoryMeta, str], None]:
    def setter(meta: StoryMeta, value: str) -> None:
        getattr(meta, name).extend(_paragraphs(value))

    return setter


def _set_list(name: str) -> Callable[[StoryMeta, str], None]:
    def setter(meta: StoryMeta, value: str) -> None:
        _append_unique(getattr(meta, name), split_list(value))

    return setter


def _set_text(name: str) -> Callable[[StoryMeta, str], None]:
    def setter(meta: StoryMeta, value: str) -> None:
        if value and getattr(meta, name) is None:
            setattr(meta, name, value)

    return setter


def _set_authors(meta: StoryMeta, value: str) -> None:
    _append_unique(meta.authors, [a for a in re.split(r"\s*(?:,|&|\band\b)\s*", value) if a.strip()])


_SETTERS: dict[str, Callable[[StoryMeta, str], None]] = {
    "title": _set_text("title"),
    "authors": _set_authors,
    "fandoms": _set_list("fandoms"),
    "relationships": _set_relationships,
    "characters": _set_list("characters"),
    "characters+relationships": _set_characters_and_relationships,
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
    "disclaimer": _set_rich("disclaimer"),
    "prompt": _set_rich("prompt"),
    "dedication": _set_rich("dedication"),
    "stated_word_count": _set_text("stated_word_count"),
    "source": _set_text("source"),
    "published": _set_text("published"),
}


def meta_from_fields(fields: list[Field]) -> StoryMeta:
    """StoryMeta from header fields in order; unknown labels are kept in `extra`."""
    meta = StoryMeta(fields=list(fields))
    for f in fields:
        key = label_key(f.label)
        setter = _SETTERS.get(key) if key else None
        if setter is None:
            meta.extra.append(f)
        elif f.value:
            setter(meta, f.value)
    return meta


def apply_overrides(meta: StoryMeta, overrides: dict[str, object]) -> StoryMeta:
    """A manifest's [[story]] fields win over what the header says."""
    from dataclasses import replace

    changes: dict[str, object] = {}
    for name, value in overrides.items():
        current = getattr(meta, name)
        if isinstance(current, list) and isinstance(value, str):
            # Rich fields (summary, notes, ...) are paragraphs: blank lines split them.
            changes[name] = [block for part in value.split("\n\n") for block in _paragraphs(part)]
        else:
            changes[name] = list(value) if isinstance(value, list) else value
    return replace(meta, **changes)
