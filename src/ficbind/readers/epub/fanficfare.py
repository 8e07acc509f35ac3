"""Read a FanFicFare EPUB: `Epub` -> `Story`.

FanFicFare writes `title_page.xhtml` (`<body class="fff_titlepage">`: the title and
author in an `h3`, then `<b>Label:</b> value<br/>` lines), maybe a contents page and an
update log, and one file a chapter: `<h3 class="fff_chapter_title">` and the site's
text, with the author's notes in `div.fff_chapter_notes` (`fff_head_notes` before the
text, `fff_foot_notes` after, `fff_head_summary` for a chapter summary).

FanFicFare's labels are its own: `Category` is the fandom, `Genre` the freeform tags,
`Packaged` the day the file was made (not the story's: left out).
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import Block, BlockQuote, Note, Story
from ..typednotes import take_typed_notes
from .documents import text_of
from .download import Epub
from .generic import (
    chapter_heading,
    fill_from_opf,
    html_blocks,
    meta_from_labelled,
    remove_keeping_tail,
)
from .package import Item
from .titlepage import bold_labels

MEANINGS: dict[str, str | None] = {
    "category": "Fandom",
    "genre": "Additional Tags",
    "warnings": "Warnings",
    "status": "Status",
    "packaged": None,
    "story url": "Source",
    "author url": None,
    "publisher": None,
    "words": "Words",
    "author": "Author",
    "series": "Series",
    "relationships": "Relationships",
    "ships": "Relationships",
    "freeform tags": "Additional Tags",
}
_FURNITURE = re.compile(r"fff_(?:titlepage|tocpage|logpage)|^(?:toc|log)page$")


def recognises(epub: Epub) -> bool:
    meta = epub.package.meta
    return any("fanficfare" in value.lower() for value in meta.identifiers + meta.contributors) or \
        any(_body_class(epub, item) == "fff_titlepage" for item in epub.package.spine[:2])


def _body_class(epub: Epub, item: Item) -> str:
    return epub.body(item).get("class") or ""


def read(epub: Epub) -> Story:
    spine = epub.package.spine
    title_page = next((item for item in spine if "fff_titlepage" in _body_class(epub, item)), None)
    if title_page is not None:
        body = epub.body(title_page)
        meta = meta_from_labelled(epub, title_page, bold_labels(body), MEANINGS)
        h3 = next(iter(body.iter("h3")), None)
        if h3 is not None:
            links = [a for a in h3.iter("a")]
            if links and not meta.title:
                meta.title = text_of(links[0])
            authors = [text_of(a) for a in links if "authorlink" in (a.get("class") or "")]
            meta.authors = authors or meta.authors
    else:
        meta = meta_from_labelled(epub, spine[0], [], MEANINGS)
    fill_from_opf(meta, epub)
    meta.source = meta.source or epub.package.meta.source

    blocks: list[Block] = []
    chapters = [item for item in spine
                if not _FURNITURE.search(_body_class(epub, item)) and not _FURNITURE.search(item.id)]
    for item in chapters:
        body = epub.body(item)
        heading = next((h for h in body.iter("h1", "h2", "h3") if "fff_chapter_title" in (h.get("class") or "")),
                       None)
        if heading is None:
            heading = next(iter(body.iter("h1", "h2", "h3")), None)
        title = text_of(heading) if heading is not None else epub.package.toc_titles.get(item.name or "")
        if heading is not None:
            remove_keeping_tail(heading)
        if title and not (len(chapters) == 1 and title.casefold() == (meta.title or "").casefold()):
            blocks.append(chapter_heading(title))
        blocks.extend(_chapter(epub, item, body))
    if len(chapters) == 1:
        # A one-chapter work: the notes before and after its text are the work's own.
        while blocks and isinstance(note := blocks[0], Note) and note.label != "Chapter summary":
            meta.notes.extend(note.blocks)
            del blocks[0]
        while blocks and isinstance(note := blocks[-1], Note):
            meta.end_notes[:0] = note.blocks
            del blocks[-1]
    # Notes the author typed into the chapters (A/N, disclaimers) are notes, not story.
    return take_typed_notes(Story(path=epub.path, meta=meta, blocks=blocks))


def _note_label(element: etree._Element) -> str:
    classes = element.get("class") or ""
    if "summary" in classes:
        return "Chapter summary"
    return "Chapter end notes" if "foot" in classes else "Chapter notes"


def _chapter(epub: Epub, item: Item, body: etree._Element) -> list[Block]:
    """A chapter's text, its head notes before it and its foot notes after it, as
    FanFicFare places them."""
    head: list[Block] = []
    foot: list[Block] = []
    for element in [d for d in body.iter("div") if "fff_chapter_notes" in (d.get("class") or "")]:
        label = next(iter(element.iter("b", "strong")), None)
        if label is not None and label.getparent() is element:
            remove_keeping_tail(label)  # `Author's Note:`: the Note's label says it
        content = html_blocks(epub, element, item)
        if len(content) == 1 and isinstance(content[0], BlockQuote):
            content = content[0].blocks  # AO3's notes come in a blockquote; the Note sets them apart already
        if content:
            (foot if "foot" in (element.get("class") or "") else head).append(Note(_note_label(element), content))
        remove_keeping_tail(element)
    return head + html_blocks(epub, body, item) + foot
