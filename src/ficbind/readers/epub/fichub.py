"""Read a fichub EPUB: `Epub` -> `Story`.

fichub (fichub.net) exports a work from AO3 or FanFiction.net. Its first document is a
title page: for AO3, `<h3><a>Title</a> by Author</h3>` then `<p>Label: value</p>` lines
and `<div>Summary: <p>…</p></div>`, with AO3's own markup in the chapters and the work's
notes in `notes.html` and `endnotes.html`; for FanFiction.net, an introduction (`<h1>`
title, `By: Author`, the summary, `<p>Label: value</p>` lines, FanFiction.net's
`Rated: Fiction M - …` line, and fichub's own credit, left out) and one file a chapter.
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import Block, Heading, Story
from ..ffn import characters_and_pairings as ffn_characters
from ..typednotes import take_typed_notes
from .ao3 import _read_chapters
from .documents import text_of
from .download import Epub
from .generic import (
    chapter_heading,
    fill_from_opf,
    first_heading,
    html_blocks,
    meta_from_labelled,
    remove_keeping_tail,
)
from .package import Item
from .titlepage import ffn_story_line, paragraph_labels

MEANINGS: dict[str, str | None] = {
    "status": "Status",
    "words": "Words",
    "original source": "Source",
    "exported with the assistance of": None,
    "genre": "Additional Tags",
    "rated": "Rating",
    "reviews": "Comments",
    "favs": "Kudos",
    "follows": "Bookmarks",
    "id": None,
    "characters": "Characters",
}
_CREDIT = re.compile(r"fichub\.net", re.IGNORECASE)
_BY = re.compile(r"^\s*By:?\s+(?P<name>.+)$", re.IGNORECASE)
_NOTES_HEADING = re.compile(r"^\s*(?:End\s+)?Notes:?\s*$", re.IGNORECASE)
_JUMP = re.compile(r"^\s*\(?See the end of the (?:work|chapter) for", re.IGNORECASE)


def _first(epub: Epub) -> etree._Element:
    return epub.body(epub.package.spine[0])


def recognises(epub: Epub) -> bool:
    first = _first(epub)
    if any(_CREDIT.search(a.get("href") or "") for a in first.iter("a")):
        return True
    # fichub's AO3 title page: labelled paragraphs under an `h3` naming the work's link.
    h3 = next(iter(first.iter("h3")), None)
    labelled = [p for p in first.iter("p") if re.match(r"^\s*[A-Z][A-Za-z ]{1,30}:\s+\S", p.text or "")]
    return h3 is not None and next(iter(h3.iter("a")), None) is not None and len(labelled) >= 3 \
        and not any(b.getparent() is not None and b.getparent().tag == "div" for b in first.iter("b"))


def read(epub: Epub) -> Story:
    spine = epub.package.spine
    title_item = spine[0]
    body = epub.body(title_item)
    labelled = [entry for entry in paragraph_labels(body) if entry.label.casefold() != "rated"]
    story_line = next((p for p in body.iter("p") if text_of(p).startswith("Rated:")), None)
    people: tuple[list[str], list[str]] = ([], [])
    if story_line is not None:
        for entry in ffn_story_line(text_of(story_line)):
            if entry.label == "Characters":
                people = ffn_characters(entry.value)
            else:
                labelled.append(entry)
    meta = meta_from_labelled(epub, title_item, labelled, MEANINGS)
    meta.characters = meta.characters or people[0]
    meta.relationships = meta.relationships or people[1]
    heading = next(iter(body.iter("h1", "h3")), None)
    if heading is not None:
        link = next(iter(heading.iter("a")), None)
        meta.title = text_of(link) if link is not None else text_of(heading)
        by = re.search(r"\bby\s+(.+)$", text_of(heading))
        if by and link is not None:
            meta.authors = [by.group(1).strip()]
        if link is not None and re.match(r"^https?://", link.get("href") or "") and not meta.source:
            meta.source = link.get("href")
    for bold in body.iter("b", "strong"):
        match = _BY.match(text_of(bold))
        if match:
            meta.authors = [match.group("name").strip()]
    if not meta.summary:
        meta.summary = _loose_summary(epub, title_item, body)
    fill_from_opf(meta, epub)

    blocks: list[Block] = []
    documents = [item for item in spine[1:] if "nav" not in item.properties]
    for item in documents:
        name = (item.name or "").rsplit("/", 1)[-1].casefold()
        doc = epub.body(item)
        if name.startswith("notes"):
            meta.notes = meta.notes or _notes(epub, item, doc)
        elif name.startswith("endnotes"):
            meta.end_notes = meta.end_notes or _notes(epub, item, doc)
        elif (chapters := doc.find(".//*[@id='chapters']")) is not None:
            # AO3's own chapter markup; a chapter without its own heading takes the book's contents title.
            titles: list[str] = []
            start = len(blocks)
            _read_chapters(epub, item, chapters, blocks, titles)
            title = epub.package.toc_titles.get(item.name or "")
            if not titles and title:
                blocks.insert(start, chapter_heading(title))
        else:
            heading = first_heading(doc)
            title = text_of(heading) if heading is not None else epub.package.toc_titles.get(item.name or "")
            if heading is not None:
                remove_keeping_tail(heading)
            if title:
                blocks.append(chapter_heading(title))
            blocks.extend(html_blocks(epub, doc, item))
    # One chapter: its heading (`Chapter 1`) says nothing the title page does not.
    if sum(isinstance(b, Heading) and b.level == 1 for b in blocks) == 1 and isinstance(blocks[0], Heading):
        blocks.pop(0)
    # Notes the author typed into the chapters (A/N, disclaimers) are notes, not story.
    return take_typed_notes(Story(path=epub.path, meta=meta, blocks=blocks))


def _loose_summary(epub: Epub, item: Item, body: etree._Element) -> list[Block]:
    """FanFiction.net via fichub: the summary is the first unlabelled paragraph after the byline."""
    for p in body.iter("p"):
        text = text_of(p)
        if not text or _BY.match(text) or re.match(r"^[A-Z][A-Za-z ]{1,30}:", text):
            continue
        if any(_CREDIT.search(a.get("href") or "") for a in p.iter("a")):
            continue
        return html_blocks(epub, p, item)
    return []


def _notes(epub: Epub, item: Item, doc: etree._Element) -> list[Block]:
    """AO3's notes module as fichub copies it: a `Notes:` heading, the notes in a blockquote,
    and AO3's "(See the end of the work for notes.)" jump, left out."""
    quotes = list(doc.iter("blockquote"))
    out: list[Block] = []
    for quote in quotes:
        out.extend(html_blocks(epub, quote, item))
    if not quotes:
        for element in list(doc.iter("h3", "p")):
            if _NOTES_HEADING.match(text_of(element)) or _JUMP.match(text_of(element)):
                remove_keeping_tail(element)
        out = html_blocks(epub, doc, item)
    return out
