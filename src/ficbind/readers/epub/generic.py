"""Read any EPUB from its OPF and spine: `Epub` -> `Story`, one chapter per spine document.

Metadata is what the OPF states (package.py). The chapters are the spine's documents
but its cover, title page and contents page, each titled by its own first heading or,
failing that, by the book's contents (NCX or nav). A document with neither is the
rest of the chapter before it: converters split long chapters into several files.
A story of one chapter titled like the story gets no chapter heading (its title page
already says it).

The helpers here (`story_meta`, `html_blocks`, `chapter_heading`) are shared by the
readers for particular tools.
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import (
    Block,
    Field,
    Heading,
    Inline,
    LineBreak,
    Paragraph,
    Story,
    StoryMeta,
    Text,
)
from ..metadata import paragraphs
from ..plaintext import title_from_file_name
from .documents import remove_keeping_tail, text_of
from .download import Epub
from .package import Item, Metadata

# Spine documents that are not the story: named so by their file name or title.
_FURNITURE_NAME = re.compile(r"(?:^|[/_-])(?:cover|title[_-]?page|titlepage|toc|nav|contents|copyright)"
                             r"(?:[_-]?\d*)?\.x?html?$", re.IGNORECASE)
_FURNITURE_TITLE = re.compile(r"^\s*(?:cover|title ?page|table of contents|contents|copyright|information)\s*$",
                              re.IGNORECASE)
_HEADINGS = ("h1", "h2", "h3", "h4")
# `Chapter 3: Conversations`: the label and the title, set on two lines as AO3 does.
_NUMBERED = re.compile(r"^(?P<label>(?:Chapter|Part|Book)\s+[\w.]+)\s*[:.–—-]\s*(?P<title>\S.*)$", re.IGNORECASE)


def story_meta(meta: Metadata, fields: list[Field] | None = None) -> StoryMeta:
    """StoryMeta from what the OPF states (title, authors, language, subjects, description,
    date, series, publisher). `fields` lists them as written, for `ficbind inspect`."""
    story = StoryMeta(
        title=meta.title,
        authors=list(dict.fromkeys(meta.authors)),
        language=meta.language,
        tags=list(dict.fromkeys(meta.subjects)),
        summary=paragraphs(meta.description) if meta.description else [],
        published=meta.date[:10] if meta.date else None,
        series=_series(meta),
        source=meta.source or meta.publisher,
    )
    story.fields = fields if fields is not None else _opf_fields(meta)
    return story


def _series(meta: Metadata) -> str | None:
    if not meta.series:
        return None
    index = (meta.series_index or "").removesuffix(".0")
    return f"Part {index} of {meta.series}" if index else meta.series


def _opf_fields(meta: Metadata) -> list[Field]:
    pairs = [("Title", meta.title), ("Author", ", ".join(meta.authors)), ("Language", meta.language),
             ("Subjects", ", ".join(meta.subjects)), ("Description", meta.description), ("Date", meta.date),
             ("Series", _series(meta)), ("Publisher", meta.publisher), ("Source", meta.source)]
    return [Field(label, value) for label, value in pairs if value]


def html_blocks(epub: Epub, element: etree._Element, item: Item) -> list[Block]:
    """The model blocks of an element of a chapter, mapped by the HTML reader; pictures
    the chapter holds are kept (pictures.py), pictures elsewhere are never fetched."""
    from ..html import blocks_from_html
    from .pictures import picture_reader

    return blocks_from_html(element, picture=picture_reader(epub, item))


def chapter_heading(title: str) -> Heading:
    """A chapter heading; `Chapter 3: Conversations` is set as its label and title on two lines."""
    title = " ".join(title.split())
    match = _NUMBERED.match(title)
    content: list[Inline] = [Text(title)]
    if match:
        content = [Text(match.group("label")), LineBreak(), Text(match.group("title"))]
    return Heading(1, content)


def is_furniture(epub: Epub, item: Item) -> bool:
    """A cover, title page, contents page or nav document: not part of the story."""
    if "nav" in item.properties or item.name in epub.package.furniture \
            or (item.name and _FURNITURE_NAME.search(item.name)):
        return True
    if _FURNITURE_TITLE.match(epub.package.toc_titles.get(item.name or "", "-")):
        return True
    body = epub.body(item)
    text = text_of(body)
    if not text:
        return True  # a cover picture alone, or an empty page
    # A contents page: most of its text is links to the book's own documents.
    linked = sum(len(text_of(a)) for a in body.iter("a") if not re.match(r"^\w+:", a.get("href") or ""))
    return len(text) > 0 and linked > 0.8 * len(text) and len(list(body.iter("a"))) >= 3


def first_heading(body: etree._Element) -> etree._Element | None:
    """The heading a document opens with, before any of its text."""
    for element in body.iter():
        if not isinstance(element.tag, str) or element is body:
            continue
        if element.tag in _HEADINGS:
            return element if text_of(element) else None
        if element.tag in ("p", "blockquote", "li", "pre", "table") and text_of(element):
            return None
        if element.text and element.text.strip() and element.tag not in ("div", "section", "span", "a"):
            return None
    return None


def read(epub: Epub) -> Story:
    meta = story_meta(epub.package.meta)
    if not meta.title:
        meta.title = title_from_file_name(epub.path)
    blocks: list[Block] = []
    chapters = 0
    for item in epub.package.spine:
        if is_furniture(epub, item):
            continue
        body = epub.body(item)
        heading = first_heading(body)
        title = text_of(heading) if heading is not None else epub.package.toc_titles.get(item.name or "")
        if heading is not None:
            remove_keeping_tail(heading)
        if title:
            blocks.append(chapter_heading(title))
            chapters += 1
        blocks.extend(html_blocks(epub, body, item))
    # One chapter named like the story: the title page says it already.
    if chapters == 1 and isinstance(blocks[0], Heading) and _same(blocks[0], meta.title):
        blocks.pop(0)
    return Story(path=epub.path, meta=meta, blocks=[b for b in blocks if not _empty(b)])


def _same(heading: Heading, title: str | None) -> bool:
    from ...model import inline_text

    return " ".join(inline_text(heading.content).split()).casefold() == " ".join((title or "").split()).casefold()


def _empty(block: Block) -> bool:
    return isinstance(block, Paragraph) and not any(
        not isinstance(node, Text) or node.text.strip() for node in block.content)


def meta_from_labelled(epub: Epub, item: Item, labelled: list, meanings: dict[str, str | None]) -> StoryMeta:
    """StoryMeta from a tool's title page (titlepage.py's `Labelled` values).

    `meanings` maps a tool's label (lower case) to the label ficbind knows it by
    (FanFicFare's `Category` is the fandom), or to None for the tool's own furniture
    (the date the file was made). Labels not in it are read as written. Lists are split
    at commas only, so `Draco M.` keeps its full stop; prose values with markup (a
    summary in italics) are mapped by the HTML reader. `fields` keeps what was written.
    """
    from ..header import LIST_KEYS, label_key
    from ..metadata import meta_from_fields

    fields: list[Field] = []
    written: list[Field] = []
    lists: dict[int, list[str]] = {}
    rich: dict[str, list[Block]] = {}
    for entry in labelled:
        meaning = meanings.get(entry.label.casefold(), entry.label)
        written.append(Field(entry.label, entry.value))
        if meaning is None or not entry.value:
            continue
        key = label_key(meaning)
        if key in LIST_KEYS:
            lists[len(fields)] = [part.strip() for part in entry.value.split(",") if part.strip()]
        if entry.elements and key in ("summary", "notes", "end_notes", "disclaimer"):
            blocks = [b for element in entry.elements for b in html_blocks(epub, element, item)]
            if blocks:
                rich.setdefault(key, blocks)
        fields.append(Field(meaning, entry.value))
    meta = meta_from_fields(fields, lists)
    for key, blocks in rich.items():
        setattr(meta, key, blocks)
    meta.fields = written
    return meta


def fill_from_opf(meta: StoryMeta, epub: Epub) -> StoryMeta:
    """What a title page left out, from the OPF: title, authors, language, summary."""
    opf = story_meta(epub.package.meta)
    meta.title = meta.title or opf.title or title_from_file_name(epub.path)
    meta.authors = meta.authors or opf.authors
    meta.language = meta.language or opf.language
    meta.summary = meta.summary or opf.summary
    meta.published = meta.published or opf.published
    meta.series = meta.series or opf.series
    return meta
