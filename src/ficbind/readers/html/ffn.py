"""Read a FanFiction.net chapter page saved from the browser.

Element tree -> Story. The page's profile block (`#profile_top`) gives the title, the
author, the summary and one line of facts:

    Rated: Fiction T - English - Angst/Romance - Harry P. - Chapters: 2 - Words: 204 -
    Published: 3/29/2010 - Status: Complete - id: 5853866

The breadcrumbs above it name the fandom, the chapter menu the chapter's title, and
`#storytext` holds the chapter. Disclaimers and `A/N`s the author typed into the
chapter go to the story's notes, as they do in a text file (textheader.py).
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import Field, Heading, Inline, LineBreak, Story, Text
from ..ffn import characters_and_pairings, story_line_facts
from ..typednotes import take_typed_notes
from .blocks import blocks_from_html, tag_name, text_of

# `1. Skipping Stones` in the chapter menu.
_CHAPTER_OPTION = re.compile(r"^\s*(?P<number>\d+)\.\s*(?P<title>.*?)\s*$")


def _by_id(root: etree._Element, ident: str) -> etree._Element | None:
    return next((e for e in root.iter() if isinstance(e.tag, str) and e.get("id") == ident), None)


def is_page(root: etree._Element) -> bool:
    """A FanFiction.net (or FictionPress) story page: its profile block and its story text."""
    return _by_id(root, "profile_top") is not None and _by_id(root, "storytext") is not None


def _facts(line: str) -> list[Field]:
    """The facts line as fields, each labelled as a text header would label it."""
    fields: list[Field] = []
    for label, value in story_line_facts(" ".join(line.split())):
        if label.lower() in ("id", "reviews", "favs", "follows"):
            continue  # the site's number for the story, and counts of the day it was saved
        if label == "Characters":
            characters, pairings = characters_and_pairings(value)
            fields.extend(Field("Pairing", pairing) for pairing in pairings)
            fields.append(Field("Characters", ", ".join(characters)))
        else:
            fields.append(Field(label, value))
    return fields


def _items(fields: list[Field]) -> dict[int, list[str]]:
    """The names in each list field, whole: `Harry P.` keeps its full stop."""
    return {k: [item.strip() for item in f.value.split(",") if item.strip()]
            for k, f in enumerate(fields) if f.label in ("Characters", "Genre", "Pairing", "Fandom")}


def read_page(root: etree._Element, path: str) -> Story:
    from .textheader import story_from_text_blocks

    profile = _by_id(root, "profile_top")
    text = _by_id(root, "storytext")
    assert profile is not None and text is not None
    fields: list[Field] = []
    title = next((b for b in profile if tag_name(b) == "b"), None)
    if title is not None and text_of(title):
        fields.append(Field("Title", text_of(title)))
    author = next((a for a in profile.iter() if tag_name(a) == "a" and "/u/" in (a.get("href") or "")), None)
    if author is not None and text_of(author):
        fields.append(Field("Author", text_of(author)))
    crumbs = _by_id(root, "pre_story_links")
    if crumbs is not None:
        links = [text_of(a) for a in crumbs.iter() if tag_name(a) == "a"]
        if links:
            fandom = re.sub(r"\s+Crossover$", "", links[-1])
            fields.append(Field("Fandom", ", ".join(f.strip() for f in fandom.split(" + "))))
    for div in (d for d in profile if tag_name(d) == "div" and text_of(d)):
        fields.append(Field("Summary", text_of(div)))
        break
    facts = next((s for s in profile if tag_name(s) == "span" and text_of(s).startswith("Rated:")), None)
    if facts is not None:
        fields.extend(_facts(text_of(facts)))
    canonical = next((link.get("href") for link in root.iter() if tag_name(link) == "link"
                      and link.get("rel") == "canonical"), None)
    if canonical:
        fields.append(Field("Source", "https:" + canonical if canonical.startswith("//") else canonical))

    blocks = blocks_from_html(text)
    chapter = _chapter_heading(root)
    story = story_from_text_blocks(blocks, path, fields, _items(fields))
    if chapter is not None:
        story.blocks.insert(0, chapter)
    # Notes header.py leaves in the text (under a banner line, between the chapter's
    # paragraphs and its end) are taken as in the site's EPUBs.
    return take_typed_notes(story)


def _chapter_heading(root: etree._Element) -> Heading | None:
    """The chapter's heading from the chapter menu, for a story of more than one chapter."""
    menu = _by_id(root, "chap_select")
    if menu is None:
        return None
    options = [o for o in menu.iter() if tag_name(o) == "option"]
    selected = next((o for o in options if o.get("selected") is not None), None)
    if selected is None or len(options) < 2:
        return None
    match = _CHAPTER_OPTION.match(text_of(selected))
    if not match:
        return None
    content: list[Inline] = [Text(f"Chapter {match.group('number')}")]
    if match.group("title"):
        content += [LineBreak(), Text(match.group("title"))]
    return Heading(1, content)
