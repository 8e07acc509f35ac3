"""Read AO3's own markup: the HTML download, a saved work page, and (for the EPUB
reader) the same preface and chapters inside an AO3 EPUB.

Element tree -> Story. AO3 has changed its templates over the years (indented and
not, minified CSS, `http` links, `<p><span>` bodies), and Calibre renames every class
when it makes the EPUB, so nothing here depends on white space, class order or most
class names. What is read instead is what a reader sees:

- the tag list: a `<dl>` whose terms are AO3's labels (`Rating:`, `Archive Warning(s):`,
  `Relationship(s):`…), each tag the text of one link, so a tag with a comma in it
  stays one tag; `Series: Part 1 of <a>Name</a>`; `Stats:` as one line or its own `<dl>`;
- the title (`<h1>` in a download, `h2.title` on a work page) and the byline's links;
- sections announced by a label: a paragraph or heading that says `Summary`, `Notes`,
  `Chapter Summary`, `Chapter Notes`, `Chapter End Notes` or `End Notes`, followed by
  the section's `<blockquote>`;
- chapters: each chapter heading, its labelled sections, and its text (AO3's
  `userstuff` block).

AO3's furniture never reaches the book: the "Posted originally on the Archive of Our
Own" and "Please drop by the Archive and comment" messages, "See the end of the work
for more notes", the hidden "Chapter Text"/"Work Text:"/"Preface" headings, kudos,
comments, navigation and forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ...model import (
    Block,
    Field,
    Heading,
    Inline,
    LineBreak,
    Note,
    Story,
    StoryMeta,
    Text,
)
from ...text.ao3 import STATS_IN_LINE, TAG_LABELS
from ..header import normalise_label
from ..metadata import meta_from_fields
from ..typednotes import take_typed_notes
from .blocks import DROPPED, blocks_from_html, inlines_from_html, tag_name, text_of

# The labels that announce a section and the kind of section each is.
_SECTION = re.compile(r"^\s*(?P<chapter>chapter\s+)?(?P<end>end\s+)?(?P<kind>summary|notes)\s*:?\s*$", re.IGNORECASE)
# `Part 1 of <a>Name</a>`; a work in several series has one such line for each.
_SERIES_PART = re.compile(r"Part\s+(?P<part>\d+)\s+of\s+(?P<name>.+?)\s*$", re.IGNORECASE)
# `Chapter 3: Thaw` on one line: the label and the title.
_CHAPTER_TITLE = re.compile(r"^\s*(?P<label>Chapter\s+\d+)\s*[:.]\s*(?P<title>.+?)\s*$", re.IGNORECASE | re.DOTALL)
# Classes AO3 gives to furniture: hidden headings for screen readers and Calibre's
# contents, links to notes further on, site messages, actions and navigation.
_FURNITURE_CLASSES = {"landmark", "toc-heading", "endnote-link", "jump", "message", "actions", "navigation",
                      "feedback", "kudos", "comments", "bookmark", "skip", "hidden"}
_FURNITURE_IDS = {"header", "footer", "feedback", "kudos", "comments", "comments_placeholder", "skiplinks",
                  "login", "greeting", "new_kudo", "add_comment_placeholder", "bookmark-form", "modal"}
_FURNITURE_TEXT = re.compile(
    r"^\s*(?:\(?\s*See the end of the (?:work|chapter) for\b.*|Please drop by the Archive and comment\b.*"
    r"|Posted originally on the Archive of Our Own\b.*)$",
    re.IGNORECASE | re.DOTALL,
)


def classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def is_furniture(element: etree._Element) -> bool:
    """An element of AO3's page around the work, never the work itself."""
    if classes(element) & _FURNITURE_CLASSES or element.get("id") in _FURNITURE_IDS:
        return True
    name = tag_name(element)
    if name in ("div", "p") and len(element) < 8:
        text = " ".join("".join(element.itertext()).split())
        return len(text) < 300 and bool(_FURNITURE_TEXT.match(text))
    return False


def drop_furniture(root: etree._Element) -> None:
    """Remove AO3's furniture from a tree parsed for reading (changes the tree)."""
    doomed = [element for element in root.iter() if isinstance(element.tag, str) and is_furniture(element)]
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        # The text after a removed element stays in the page.
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)


# --- the preface: tags, title, byline, summary, notes -------------------------------


@dataclass
class Preface:
    """What AO3 says about a work before its text."""

    fields: list[Field] = field(default_factory=list)
    lists: dict[int, list[str]] = field(default_factory=dict)  # a field's tags, by field index
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    summary: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    end_notes: list[Block] = field(default_factory=list)
    series: str | None = None
    source: str | None = None  # the work's address on AO3


def _walk(element: etree._Element) -> Iterator[etree._Element]:
    """Elements in document order, not looking inside text: a blockquote, a list of
    tags, a paragraph or a heading is yielded whole."""
    for child in element:
        name = tag_name(child)
        if name is None or name in DROPPED:
            continue
        yield child
        if name not in ("blockquote", "dl", "p", "h1", "h2", "h3", "h4", "h5", "h6") and not _is_text(child):
            yield from _walk(child)


def _section_label(element: etree._Element) -> tuple[str, bool, bool] | None:
    """(summary or notes, at the end, of a chapter) for an element that announces a section."""
    if tag_name(element) not in ("p", "h2", "h3", "h4", "h5", "h6", "div", "span", "b", "strong"):
        return None
    if len(element) > 2:
        return None
    match = _SECTION.match(" ".join("".join(element.itertext()).split()))
    if not match:
        return None
    end = bool(match.group("end"))
    # A work page labels end notes `Notes:` inside `div.end.notes` (`#work_endnotes`).
    for ancestor in list(element.iterancestors())[:2]:
        if "end" in classes(ancestor) or "endnotes" in (ancestor.get("id") or ""):
            end = True
    return match.group("kind").lower(), end, bool(match.group("chapter"))


def _tag_values(dd: etree._Element) -> list[str]:
    """The tags in a `<dd>`: one per link, or the text split at commas when unlinked."""
    links = [" ".join("".join(a.itertext()).split()) for a in dd.iter() if tag_name(a) == "a"]
    links = [link for link in links if link]
    if links:
        return links
    text = text_of(dd)
    return [item.strip() for item in text.split(",") if item.strip()]


def _read_tags(dl: etree._Element, preface: Preface) -> None:
    label: str | None = None
    for child in dl:
        name = tag_name(child)
        if name == "dt":
            label = text_of(child).rstrip(": ").strip()
        elif name == "dd" and label:
            norm = normalise_label(label)
            if norm == "stats":
                _read_stats(child, preface)
            elif norm == "series":
                _read_series(child, label, preface)
            elif norm in TAG_LABELS:
                values = _tag_values(child)
                if norm in ("rating", "ratings", "language"):
                    values = [", ".join(values)]
                preface.lists[len(preface.fields)] = values
                preface.fields.append(Field(label, ", ".join(values)))
            label = None


def _read_stats(dd: etree._Element, preface: Preface) -> None:
    nested = [child for child in dd.iter() if tag_name(child) == "dt"]
    if nested:  # a work page: a `<dl class="stats">` of its own
        for dt in nested:
            dd_value = dt.getnext()
            if dd_value is not None and tag_name(dd_value) == "dd":
                preface.fields.append(Field(text_of(dt).rstrip(": "), text_of(dd_value)))
        return
    for match in STATS_IN_LINE.finditer(text_of(dd)):
        preface.fields.append(Field(match.group("label"), match.group("value")))


def _read_series(dd: etree._Element, label: str, preface: Preface) -> None:
    # `Part 1 of Watches 'Verse`, one line a series; the first is the work's series.
    text = " ".join(" ".join(dd.itertext()).split())
    lines = re.split(r"(?=\bPart\s+\d+\s+of\b)", text)
    parts = [m for m in (_SERIES_PART.search(line) for line in lines if line) if m]
    value = "; ".join(f"Part {m.group('part')} of {m.group('name')}" for m in parts) or text_of(dd)
    preface.fields.append(Field(label, value))
    if parts and preface.series is None:
        preface.series = parts[0].group("name")


def read_preface(elements: Iterable[etree._Element]) -> Preface:
    """The preface of an AO3 work from the elements that hold it: a download's
    `div#preface`, a work page's `dl.work.meta` and `div.preface`, or the preface
    files of an AO3 EPUB (Calibre splits it in two). Summary and notes are block lists;
    the tags keep AO3's labels as fields, with each tag whole."""
    preface = Preface()
    pending: tuple[str, bool, bool] | None = None
    for element in (e for root in elements for e in [root, *_walk(root)]):
        name = tag_name(element)
        if name == "dl" and _is_tag_list(element):
            _read_tags(element, preface)
        elif name == "p" and "message" in classes(element):
            # `<b>Title</b> Posted originally on the Archive of Our Own at <a>…/works/1</a>.`
            bold = next((b for b in element.iter() if tag_name(b) == "b"), None)
            if bold is not None and preface.title is None:
                preface.title = text_of(bold) or None
            links = [a.get("href") or "" for a in element.iter() if tag_name(a) == "a"]
            preface.source = preface.source or next((h for h in links if re.search(r"/works/\d+", h)), None)
        elif name in ("h1", "h2") and ("title" in classes(element) or name == "h1") and text_of(element):
            preface.title = text_of(element)
        elif "byline" in classes(element):
            preface.authors = _authors(element)
        elif (label := _section_label(element)) is not None:
            pending = label
        elif name == "blockquote" and pending is not None:
            kind, end, _chapter = pending
            blocks = blocks_from_html(element)
            target = preface.end_notes if end else (preface.summary if kind == "summary" else preface.notes)
            target.extend(blocks)
            pending = None
        elif name == "ul" and not _inside_tags(element):
            for item in (li for li in element if tag_name(li) == "li"):
                text = text_of(item)
                if text:  # translations, works inspired by: kept as fields, not shown
                    preface.fields.append(Field("Related work", text))
    return preface


def _is_tag_list(dl: etree._Element) -> bool:
    labels = {normalise_label(text_of(dt).rstrip(": ")) for dt in dl if tag_name(dt) == "dt"}
    return len(labels & TAG_LABELS) >= 2


def _inside_tags(element: etree._Element) -> bool:
    return any(tag_name(a) == "dl" for a in element.iterancestors())


def _authors(byline: etree._Element) -> list[str]:
    names = [text_of(a) for a in byline.iter() if tag_name(a) == "a"]
    names = [name for name in names if name]
    if names:
        return names
    text = re.sub(r"^\s*by\s+", "", text_of(byline), flags=re.IGNORECASE)
    return [name.strip() for name in re.split(r",\s*|\s+and\s+", text) if name.strip()]


def meta_from_preface(preface: Preface) -> StoryMeta:
    """StoryMeta from an AO3 preface: tags by their labels, rich fields as blocks."""
    meta = meta_from_fields(preface.fields, preface.lists)
    # Related works and series parts describe other works: kept in `fields`, not shown.
    meta.extra = [f for f in meta.extra if f.label != "Related work"]
    meta.title = preface.title or meta.title
    if preface.authors:
        meta.authors = list(preface.authors)
    meta.summary = list(preface.summary)
    meta.notes = list(preface.notes)
    meta.end_notes = list(preface.end_notes)
    if preface.series:
        meta.series = preface.series
    meta.source = preface.source or "Archive of Our Own"
    return meta


# --- chapters ------------------------------------------------------------------------


def _is_text(element: etree._Element) -> bool:
    """A block of the author's text: AO3's `userstuff` (Calibre's `userstuff1`, `userstuff2`)."""
    return tag_name(element) == "div" and any(c.startswith("userstuff") for c in classes(element))


@dataclass
class Chapter:
    title: list[Inline] | None = None
    summary: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    text: list[Block] = field(default_factory=list)
    end_notes: list[Block] = field(default_factory=list)


def _chapter_heading(element: etree._Element) -> list[Inline]:
    """`Chapter 1: Festival` -> `Chapter 1` / `Festival`, the label and the title on two
    lines, as every reader writes chapter headings."""
    inlines = inlines_from_html(element)
    text = " ".join("".join(t.text for t in inlines if isinstance(t, Text)).split())
    match = _CHAPTER_TITLE.match(text)
    if match and all(isinstance(node, Text) for node in inlines):
        return [Text(match.group("label")), LineBreak(), Text(match.group("title"))]
    return inlines


def read_chapters(elements: Iterable[etree._Element]) -> tuple[list[Chapter], list[Block]]:
    """The chapters of an AO3 work, from the elements that hold them (a download's
    `div#chapters` and `div#afterword`, a work page's `#chapters` and `#work_endnotes`,
    an EPUB's chapter files in spine order), and the work's end notes."""
    chapters: list[Chapter] = []
    work_end_notes: list[Block] = []
    pending: tuple[str, bool, bool] | None = None
    for element in (e for root in elements for e in _walk(root)):
        name = tag_name(element)
        if is_furniture(element):
            continue
        if (label := _section_label(element)) is not None:
            pending = label
            continue
        if name in ("h1", "h2", "h3", "h4") and text_of(element):
            chapters.append(Chapter(_chapter_heading(element)))
            pending = None
        elif name == "blockquote" and pending is not None:
            kind, end, of_chapter = pending
            pending = None
            blocks = blocks_from_html(element)
            if end and not of_chapter and _in_afterword(element):
                work_end_notes.extend(blocks)  # the work's own closing notes
                continue
            if not chapters:
                chapters.append(Chapter())
            chapter = chapters[-1]
            if end or (kind == "notes" and chapter.text):
                chapter.end_notes.extend(blocks)
            elif kind == "summary":
                chapter.summary.extend(blocks)
            else:
                chapter.notes.extend(blocks)
        elif _is_text(element):
            if not chapters or chapters[-1].end_notes:
                chapters.append(Chapter())
            chapters[-1].text.extend(blocks_from_html(element))
    return [c for c in chapters if c.text or c.title], work_end_notes


def _in_afterword(element: etree._Element) -> bool:
    return any((a.get("id") or "") in ("afterword", "endnotes", "work_endnotes") or
               {"afterword"} & classes(a) for a in element.iterancestors())


def chapter_blocks(chapters: list[Chapter]) -> list[Block]:
    """The story's blocks: each titled chapter's heading, its summary and notes as notes
    beside it, its text (headings inside it below chapter level), its end notes."""
    blocks: list[Block] = []
    for chapter in chapters:
        if chapter.title:
            blocks.append(Heading(1, chapter.title))
        if chapter.summary:
            blocks.append(Note("Chapter summary", chapter.summary))
        if chapter.notes:
            blocks.append(Note("Chapter notes", chapter.notes))
        blocks.extend(Heading(max(2, b.level), b.content) if isinstance(b, Heading) else b for b in chapter.text)
        if chapter.end_notes:
            blocks.append(Note("Chapter end notes", chapter.end_notes))
    return blocks


# --- the two kinds of page ------------------------------------------------------------


def _by_id(root: etree._Element, ident: str) -> etree._Element | None:
    return next((e for e in root.iter() if isinstance(e.tag, str) and e.get("id") == ident), None)


def is_download(root: etree._Element) -> bool:
    """AO3's HTML download: a `#preface` with AO3's tag list, and `#chapters`."""
    preface = _by_id(root, "preface")
    return (preface is not None and _by_id(root, "chapters") is not None
            and any(tag_name(dl) == "dl" and _is_tag_list(dl) for dl in preface.iter()))


def is_work_page(root: etree._Element) -> bool:
    """A saved AO3 work page (whole or a fragment): the work's `dl` of tags with the
    `work` and `meta` classes, and `#chapters`."""
    has_meta = any(tag_name(dl) == "dl" and {"work", "meta"} <= classes(dl) for dl in root.iter())
    return has_meta and _by_id(root, "chapters") is not None


def read_download(root: etree._Element, path: str) -> Story:
    """A Story from an AO3 HTML download."""
    preface = read_preface([e for e in [_by_id(root, "preface")] if e is not None])
    drop_furniture(root)
    containers = [e for e in (_by_id(root, "chapters"), _by_id(root, "afterword")) if e is not None]
    chapters, end_notes = read_chapters(containers)
    meta = meta_from_preface(preface)
    meta.end_notes.extend(end_notes)
    return take_typed_notes(Story(path=path, meta=meta, blocks=chapter_blocks(chapters)))


def read_work_page(root: etree._Element, path: str) -> Story:
    """A Story from a saved AO3 work page, logged in or out, whole or a fragment."""
    work_meta = [dl for dl in root.iter() if tag_name(dl) == "dl" and {"work", "meta"} <= classes(dl)]
    chapters_root = _by_id(root, "chapters")
    prefaces = [div for div in root.iter() if tag_name(div) == "div" and {"preface", "group"} <= classes(div)
                and "chapter" not in classes(div) and not _inside(div, chapters_root)]
    preface = read_preface(work_meta[:1] + prefaces[:1])
    if preface.source is None:
        preface.source = _canonical_work(root)
    drop_furniture(root)
    containers = [e for e in (chapters_root, _by_id(root, "work_endnotes")) if e is not None]
    chapters, end_notes = read_chapters(containers)
    meta = meta_from_preface(preface)
    meta.end_notes.extend(end_notes)
    return take_typed_notes(Story(path=path, meta=meta, blocks=chapter_blocks(chapters)))


def _inside(element: etree._Element, container: etree._Element | None) -> bool:
    return container is not None and any(a is container for a in element.iterancestors())


def _canonical_work(root: etree._Element) -> str | None:
    for a in root.iter():
        if tag_name(a) == "a":
            match = re.match(r"^(?:https?://archiveofourown\.org)?/works/(\d+)(?:[/?#]|$)", a.get("href") or "")
            if match:
                return f"https://archiveofourown.org/works/{match.group(1)}"
    return None
