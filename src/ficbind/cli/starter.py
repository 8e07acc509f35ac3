"""Write a starter manifest (`ficbind init`): the stories in a folder -> commented TOML.

Every story gets its own [[story]] entry, with what ficbind read from it (title,
author, fandom, rating, length) in a comment above it, so the user can reorder
entries, correct a field with an override, or replace them all with one glob. The
[select] and [output] tables are written with each option shown and explained, and
the fandoms and ratings actually found in the folder offered as examples.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import InputError
from ..model import StoryMeta
from ..project.gather import StorySource
from ..project.selection import SORT_KEYS
from ..runtime.outputs import slugify
from ..text.languages import language_tag

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    def escape(char: str) -> str:
        named = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
        if char in named:
            return named[char]
        if ord(char) < 0x20 or ord(char) == 0x7F:
            return f"\\u{ord(char):04x}"
        return char

    return '"' + "".join(escape(c) for c in text) + '"'


def _comment(text: str, limit: int = 110) -> str:
    """Text safe inside a TOML comment: one line, no control characters."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _line(code: str, comment: str) -> str:
    """A line of TOML with its comment lined up with the others."""
    return f"{code:<34}# {comment}" if len(code) < 34 else f"{code}    # {comment}"


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def _described(meta: StoryMeta, words: int) -> str:
    parts = [f"“{meta.title or 'Untitled'}”"]
    if meta.authors:
        parts[0] += " by " + ", ".join(meta.authors)
    if meta.fandoms:
        parts.append(", ".join(meta.fandoms))
    if meta.rating:
        parts.append(meta.rating)
    parts.append(f"{words:,} word" + ("" if words == 1 else "s"))
    return " · ".join(parts)


def _found(counter: Counter[str], limit: int = 6) -> str:
    common = counter.most_common(limit)
    text = ", ".join(f"{name} ({count})" for name, count in common)
    return text + (", …" if len(counter) > limit else "")


def starter_manifest(folder: Path, formats: tuple[str, ...], default_formats: tuple[str, ...]) -> tuple[str, int]:
    """(the manifest's text, how many stories it lists) for the story files in `folder`."""
    from ..binding import read_source  # the same reading a build does
    from ..project.gather import folder_stories, story_suffixes
    from ..text.wordcount import count_words

    files = folder_stories(folder)
    if not files:
        raise InputError(f"no story files ({story_suffixes()}) here to put in a manifest; "
                         "save the stories in this folder first", folder)

    entries: list[str] = []
    fandoms: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    titles: list[str] = []
    for path in files:
        relative = path.name
        try:
            story = read_source(StorySource(path, str(path)))
        except InputError as error:
            entries.append(
                f"# Could not be read ({_comment(error.message, 80)}); fix the file, then uncomment this entry.\n"
                f"# [[story]]\n# path = {toml_string(relative)}\n"
            )
            continue
        meta = story.meta
        fandoms.update(meta.fandoms)
        if meta.rating:
            ratings[meta.rating] += 1
        # The manifest wants a tag (`en`), as the EPUB does; headers name the language (`English`).
        # A name ficbind does not know is left to the default rather than written as a tag.
        tag = language_tag(meta.language)
        if tag:
            languages[tag] += 1
        titles.append(meta.title or "")
        entries.append(f"# {_comment(_described(meta, count_words(story.blocks)))}\n"
                       f"[[story]]\npath = {toml_string(relative)}\n")
    if not titles:
        raise InputError("none of the story files here could be read; run `ficbind inspect` on them to see why",
                         folder)

    if len(titles) == 1 and titles[0]:
        title = titles[0]
    else:
        title = folder.resolve().name.replace("-", " ").replace("_", " ").title() or "Anthology"
    language = languages.most_common(1)[0][0] if languages else "en"
    example_fandoms = [name for name, _ in fandoms.most_common(2)] or ["Supernatural"]
    example_ratings = [name for name, _ in ratings.most_common(2)] or ["G", "PG"]
    fmt_comment = f"any of: {', '.join(formats)}"

    fandom_line = f"# fandoms = {_toml_list(example_fandoms)}"
    rating_line = f"# ratings = {_toml_list(example_ratings)}"
    lines = [
        "# A ficbind manifest: the book, its stories in reading order, and what to write.",
        "# Build it with `ficbind build` in this folder. Paths are relative to this file.",
        "# Lines starting with # are comments; remove the # to use an option.",
        "",
        "[book]",
        f"title = {toml_string(title)}",
        _line('# author = "Your name"', "you, the compiler, shown on the title page"),
        f"language = {toml_string(language)}",
        _line("# date = 2026-11-21", "shown on the title page, and the book's timestamp"),
        '# description = "A few words about the collection."',
        "",
        "# One [[story]] per story, in reading order. A path may also be a folder or a glob",
        '# ("stories/*.txt"). Any metadata field may be corrected under the path, e.g.',
        '#   title = "The Real Title"      authors = ["someone"]      rating = "PG"',
        "# (also fandoms, relationships, characters, warnings, tags, summary, notes, published).",
        "",
        *entries,
        "[select]",
        "# Keep only some stories: any of the values within a key, and every key must hold.",
        "# Case and punctuation do not matter: \"greys anatomy\" matches \"Grey’s Anatomy\".",
        _line(fandom_line, f"here: {_comment(_found(fandoms), 80)}") if fandoms else fandom_line,
        _line(rating_line, f"here: {_comment(_found(ratings), 80)}") if ratings else rating_line,
        '# exclude_tags = ["major character death"]',
        _line('sort = "manifest"', "or " + ", ".join(f'"{key}"' for key in SORT_KEYS[1:])),
        "",
        "[output]",
        _line(f"formats = {_toml_list(list(default_formats))}", fmt_comment),
        _line(f"name = {toml_string(slugify(title))}", "the files' name, before .epub and .pdf"),
        _line('page_size = "a5"', "the PDF's page size: a5, a6, 5x8in, …"),
        _line('# font = "eb-garamond"', "the PDF's face: eb-garamond, literata, crimson-pro"),
        "",
    ]
    return "\n".join(lines), len(titles)
