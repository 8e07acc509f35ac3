"""Read AO3's own EPUB download: `Epub` -> `Story`.

AO3 makes its EPUB with Calibre from the same markup as its HTML download, split into
files: the preface in two (the tag list; then the title, byline, summary and notes),
the chapters, and the afterword (the work's end notes) last. Calibre renames most
classes (`meta` becomes `calibre1`), so this reader goes by AO3's ids (`preface`,
`chapters`, `afterword`, `endnotes`), by its element kinds (`dl` of tags, `blockquote`
notes) and by the words AO3 labels them with — never by class order or whitespace.

The OPF flattens every tag into `dc:subject`, losing which is a fandom and which a
character, so the tags are read from the preface's `dl` instead. AO3's furniture
("Posted originally on the Archive of Our Own", "See the end of the work for more
notes", "Please drop by the Archive and comment") never reaches the book.
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import Block, Field, Heading, Note, Story, inline_text
from ...text.ao3 import STAT_NAMES
from ..metadata import meta_from_fields
from ..typednotes import take_typed_notes
from .documents import text_of
from .download import Epub
from .generic import chapter_heading, html_blocks, story_meta
from .package import Item

_AO3 = re.compile(r"^\s*Archive of Our Own\s*$|archiveofourown\.org", re.IGNORECASE)
# Stats as AO3 prints them in its EPUB preface: the label, its colon, and one word.
_STAT = re.compile(rf"({STAT_NAMES}):\s*(\S+)")
# A notes section's label, as AO3 words it -> the label of the Note in the book.
_CHAPTER_NOTE_LABELS = {
    "chapter summary": "Chapter summary", "summary": "Chapter summary",
    "chapter notes": "Chapter notes", "notes": "Chapter notes",
    "chapter end notes": "Chapter end notes", "end notes": "Chapter end notes",
}
# Headings AO3 sets for screen readers, not for the story.
_LANDMARK = re.compile(r"^\s*(?:Chapter|Work) Text:?\s*$|^\s*(?:Preface|Afterword)\s*$", re.IGNORECASE)


def recognises(epub: Epub) -> bool:
    """AO3 is the publisher, and a spine document holds AO3's preface with its tag list."""
    meta = epub.package.meta
    if not (_AO3.search(meta.publisher or "") or any(_AO3.search(s) for s in meta.identifiers + [meta.source or ""])):
        return False
    return any(_by_id(epub.body(item), "preface") is not None for item in epub.package.spine[:3])


def _by_id(root: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in root.iter() if isinstance(e.tag, str) and e.get("id") == name), None)


def _label(element: etree._Element) -> str:
    return text_of(element).rstrip(":").strip().casefold()


def _following_quote(label: etree._Element) -> etree._Element | None:
    """The blockquote a section label (`<p>Summary</p>`) introduces."""
    sibling = label.getnext()
    return sibling if sibling is not None and sibling.tag == "blockquote" else None


def _tags(dl: etree._Element) -> tuple[list[Field], dict[int, list[str]]]:
    """The preface's `<dl class="tags">`: each `dt` label and its `dd` tags, one tag a link."""
    fields: list[Field] = []
    lists: dict[int, list[str]] = {}
    label = None
    for element in dl:
        if element.tag == "dt":
            label = text_of(element).rstrip(":").strip()
        elif element.tag == "dd" and label:
            if label.casefold() == "stats":
                fields.extend(Field(name, value) for name, value in _STAT.findall(text_of(element)))
                continue
            links = [text_of(a) for a in element.iter("a") if text_of(a)]
            value = text_of(element)
            if links and label.casefold() not in ("series",):
                lists[len(fields)] = links
            fields.append(Field(label, value))
    return fields, lists


def _notes_in(epub: Epub, item: Item, root: etree._Element) -> dict[str, list[Block]]:
    """Each labelled section (`<p>Summary</p><blockquote>…</blockquote>`) under root, by label."""
    found: dict[str, list[Block]] = {}
    for element in root.iter("p", "h3", "h4", "div"):
        quote = _following_quote(element)
        if quote is None or len(text_of(element)) > 40:
            continue
        found.setdefault(_label(element), html_blocks(epub, quote, item))
    return found


def read(epub: Epub) -> Story:
    fields: list[Field] = []
    lists: dict[int, list[str]] = {}
    title = None
    authors: list[str] = []
    rich: dict[str, list[Block]] = {}
    blocks: list[Block] = []
    end_notes: list[Block] = []
    chapter_titles: list[str] = []

    for item in epub.package.spine:
        body = epub.body(item)
        preface = _by_id(body, "preface")
        if preface is not None:
            dl = next(iter(preface.iter("dl")), None)
            if dl is not None and not fields:
                fields, lists = _tags(dl)
            h1 = next(iter(preface.iter("h1")), None)
            if h1 is not None and title is None:
                title = text_of(h1)
            for byline in preface.iter("div"):
                if (byline.get("class") or "").startswith("byline"):
                    authors = [text_of(a) for a in byline.iter("a") if text_of(a)] or \
                        [re.sub(r"^\s*by\s+", "", text_of(byline))]
            for label, notes in _notes_in(epub, item, preface).items():
                rich.setdefault(label, notes)
        chapters = _by_id(body, "chapters")
        if chapters is not None:
            _read_chapters(epub, item, chapters, blocks, chapter_titles)
        afterword = _by_id(body, "afterword")
        if afterword is not None:
            endnotes = _by_id(afterword, "endnotes")
            if endnotes is not None:
                for notes in _notes_in(epub, item, endnotes).values():
                    end_notes.extend(notes)

    label_fields = [Field("Title", title)] if title else []
    if authors:
        label_fields.append(Field("Author", ", ".join(authors)))
    shift = len(label_fields)
    all_fields = label_fields + fields
    meta = meta_from_fields(all_fields, {index + shift: items for index, items in lists.items()}
                            | ({1: authors} if authors else {}))
    if authors:
        meta.authors = list(dict.fromkeys(authors))
    opf = story_meta(epub.package.meta)
    meta.title = meta.title or opf.title
    meta.authors = meta.authors or opf.authors
    meta.summary = rich.get("summary") or opf.summary
    meta.notes = rich.get("notes", [])
    meta.end_notes = end_notes
    meta.series = meta.series or opf.series
    meta.source = "Archive of Our Own"
    for label, value in (("Summary", meta.summary), ("Notes", meta.notes), ("End Notes", end_notes)):
        if value:
            meta.fields.append(Field(label, "\n\n".join(_block_texts(value))))
    # One chapter titled like the work: AO3 repeats the title; the title page has it.
    if len(chapter_titles) == 1 and isinstance(blocks[0], Heading) \
            and " ".join(inline_text(blocks[0].content).split()).casefold() == (meta.title or "").casefold():
        blocks.pop(0)
    # Notes the author typed into the chapters (A/N, disclaimers) are notes, not story.
    return take_typed_notes(Story(path=epub.path, meta=meta, blocks=blocks))


def _block_texts(blocks: list[Block]) -> list[str]:
    from ...model import block_text

    return [block_text(b) for b in blocks]


def _read_chapters(epub: Epub, item: Item, chapters: etree._Element, blocks: list[Block],
                   titles: list[str]) -> None:
    """The part of `#chapters` in one file: chapter headings with their summary and notes,
    the chapter text, and the chapter end notes, in order."""
    for child in chapters:
        if not isinstance(child.tag, str) or not text_of(child):
            continue  # Calibre's page-break markers and empty wrappers
        heading = child if child.tag in ("h1", "h2", "h3") else _group_heading(child)
        labels = [p for p in child.iter("p", "h3", "h4") if _label(p) in _CHAPTER_NOTE_LABELS]
        if heading is not None and not _LANDMARK.match(text_of(heading)):
            titles.append(text_of(heading))
            blocks.append(chapter_heading(text_of(heading)))
        if heading is not None or labels:
            for label in labels:
                quote = _following_quote(label)
                if quote is not None:
                    notes = html_blocks(epub, quote, item)
                    if notes:
                        blocks.append(Note(_CHAPTER_NOTE_LABELS[_label(label)], notes))
            continue
        blocks.extend(html_blocks(epub, child, item))


def _group_heading(child: etree._Element) -> etree._Element | None:
    """The heading of AO3's chapter preface group: a heading among its children, beside
    nothing but section labels, notes and links (a chapter text with the author's own
    headings in it has paragraphs of prose beside them)."""
    heading = next((c for c in child if c.tag in ("h2", "h3")), None)
    if heading is None:
        return None
    prose = [c for c in child if c.tag == "p" and _label(c) not in _CHAPTER_NOTE_LABELS and text_of(c)]
    return None if prose else heading
