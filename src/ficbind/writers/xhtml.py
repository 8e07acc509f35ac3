"""Render a `Book` as XHTML sections: the one renderer behind both the EPUB and the PDF.

Book -> [Section]. Each section is a fragment (one `<section>` element) with an id,
its EPUB structural type and its contents entry. The EPUB writer puts each section
in a file of its own; the PDF writer puts them all in one HTML document. Every
piece of story text passes through `escape`, so nothing in a story becomes markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape as _html_escape

from ..model import (
    RICH_META_FIELDS,
    Block,
    BlockQuote,
    Book,
    Emphasis,
    Epigraph,
    Footnote,
    Heading,
    Inline,
    ItemList,
    LineBreak,
    Note,
    Paragraph,
    Picture,
    SceneBreak,
    Story,
    Strong,
    Text,
    Verse,
    blocks_text,
    inline_text,
    split_lines,
)
from ..text.languages import language_tag
from ..text.wordcount import count_words
from . import catalogue

Href = Callable[[str], str]  # section id -> link target
# E-readers page and search quickly through content files up to about this size;
# larger ones are split (Kindle's guidance is under 300 KB a file).
EREADER_FILE_SIZE = 200_000


# Characters XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE,
# U+FFFF): a form feed or a DOS end-of-file mark in an old story would make the file
# unreadable. Readers drop them already; the writers drop them again for text that
# comes from elsewhere (a manifest's `"\u0007"`, a command-line --title).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that XML can hold, unescaped: for strings handed to ebooklib (which builds
    the package, nav and NCX with lxml) and to the PDF's metadata and outline."""
    return _NOT_XML.sub("", text)


def escape(text: str) -> str:
    """Text as XHTML character data: `<`, `&`, `"` and `'` become entities."""
    return _html_escape(xml_text(text), quote=True)


def direction(text: str) -> str:
    """` dir="rtl"` for text whose first strong character is right-to-left (Hebrew,
    Arabic…), else nothing: what `dir="auto"` decides, spelled out, because WeasyPrint
    does not implement `auto`. The paragraph then starts on the right, its punctuation
    on the correct side; left-to-right words inside it are ordered by the bidi algorithm."""
    return _strong_direction(text) or ""


def _inline_direction(inlines: list[Inline]) -> str:
    """`direction` of a run of inlines, reading no further than its first strong character."""
    for node in inlines:
        if isinstance(node, Text):
            found = _strong_direction(node.text)
        elif isinstance(node, (Emphasis, Strong)):
            found = _strong_direction(inline_text(node.content))
        else:
            continue
        if found is not None:
            return found
    return ""


def _strong_direction(text: str) -> str | None:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return ""
        if kind in ("R", "AL"):
            return ' dir="rtl"'
    return None


@dataclass(slots=True)
class TocEntry:
    section_id: str
    label: str
    children: list[TocEntry] = field(default_factory=list)
    byline: str | None = None


@dataclass(slots=True)
class Section:
    id: str
    title: str  # plain text, for <title> and the NCX
    epub_type: str  # titlepage, toc, credits (as "acknowledgments"), chapter
    html: str
    landmark: str | None = None  # EPUB landmarks entry ("titlepage", "toc", "bodymatter")
    front_matter: bool = False
    language: str | None = None  # BCP 47 tag of a story in a language other than the book's


# DPUB-ARIA roles for the EPUB structural types: reading apps that ignore `epub:type`
# (most, and every screen reader through them) find the chapters, the contents and the
# notes by role, and DAISY Ace checks that each type has its matching role.
ROLES = {
    "chapter": "doc-chapter",
    "toc": "doc-toc",
    "acknowledgments": "doc-acknowledgments",
    "afterword": "doc-afterword",
    "endnotes": "doc-endnotes",
    "footnote": "doc-footnote",
    "noteref": "doc-noteref",
    "epigraph": "doc-epigraph",
}


def structure(epub_type: str) -> str:
    """` epub:type="chapter" role="doc-chapter"`: an element's structural type for EPUB
    readers and its role for everyone else (a type without a DPUB-ARIA role, such as
    `titlepage`, gets none)."""
    role = ROLES.get(epub_type)
    return f' epub:type="{epub_type}"' + (f' role="{role}"' if role else "")


# --- footnotes ----------------------------------------------------------------------


class Footnotes:
    """A story's footnotes as they are rendered: each reference gets the next number and
    a link to its note; the notes wait in `pending` until the block that referenced them
    is written, then follow it (`take`).

    Each note is an `<aside epub:type="footnote">` right after its block, and the same
    markup serves both books. E-readers that know footnotes show the aside in a pop-up
    over the text and hide it in the flow. In print it floats to the foot of the page
    (print.css: `float: footnote`) where its block ends, next to the text it explains,
    rather than as endnotes the reader must turn to; and being in the same block as its
    reference, a note is never cut off from it when a long story is laid out in chunks.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0
        self.pending: list[str] = []

    def reference(self, note: Footnote) -> str:
        self.count += 1
        number = self.count
        ref_id, note_id = f"{self.prefix}-noteref-{number}", f"{self.prefix}-note-{number}"
        # The note's number leads it and links back to the reference.
        back = f'<a class="footnote-back" href="#{ref_id}" role="doc-backlink">{number}</a> '
        # Joined without newlines: in a footnote area WeasyPrint sets the whitespace
        # between two paragraphs as a blank line. A reference inside a note is not numbered.
        body = "".join(render_block(block) for block in note.blocks)
        opening = re.match(r"<p[^>]*>", body)
        body = body[: opening.end()] + back + body[opening.end() :] if opening else f"<p>{back}</p>{body}"
        self.pending.append(
            f'<aside id="{note_id}" class="footnote" epub:type="footnote" role="doc-footnote">{body}</aside>'
        )
        return (
            f'<sup><a id="{ref_id}" class="noteref" href="#{note_id}" epub:type="noteref" role="doc-noteref">'
            f"{number}</a></sup>"
        )

    def take(self) -> str:
        notes, self.pending = self.pending, []
        return "".join(notes)


# --- inlines and blocks ----------------------------------------------------------


def render_inlines(inlines: list[Inline], notes: Footnotes | None = None) -> str:
    """Inlines as XHTML. Footnote references are numbered by `notes`; without it (a title,
    a preface) they are left out."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Emphasis):
            out.append(f"<em>{render_inlines(node.content, notes)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{render_inlines(node.content, notes)}</strong>")
        elif isinstance(node, LineBreak):
            out.append("<br/>")
        elif isinstance(node, Footnote) and notes is not None:
            out.append(notes.reference(node))
    return "".join(out)


def _lines(lines: list[list[Inline]], notes: Footnotes | None = None) -> str:
    return "".join(f'<span class="line">{render_inlines(line, notes)}</span>' for line in lines)


def render_block(block: Block, heading_id: str | None = None, notes: Footnotes | None = None) -> str:
    """One block as XHTML, followed by the notes its footnote references point to."""
    html = _render_block(block, heading_id, notes)
    return html + notes.take() if notes is not None and notes.pending else html


def _render_block(block: Block, heading_id: str | None, notes: Footnotes | None) -> str:
    if isinstance(block, Paragraph):
        return f"<p{_inline_direction(block.content)}>{render_inlines(block.content, notes)}</p>"
    if isinstance(block, SceneBreak):
        # An <hr> is announced by screen readers as a separator, never as "asterisk
        # asterisk asterisk"; CSS draws the ornament.
        return '<hr class="scene-break"/>'
    if isinstance(block, Heading):
        attr = (f' id="{heading_id}"' if heading_id else "") + _inline_direction(block.content)
        if block.level > 1:
            return f'<h4 class="section-heading"{attr}>{render_inlines(block.content, notes)}</h4>'
        return f'<h3 class="chapter-title"{attr}>{_chapter_heading_lines(block, notes)}</h3>'
    if isinstance(block, Verse):
        verse_dir = _inline_direction([n for line in block.lines for n in line])
        return f'<div class="verse"{verse_dir}>{_lines(block.lines, notes)}</div>'
    if isinstance(block, Epigraph):
        credit = f'<p class="credit">{render_inlines(block.credit, notes)}</p>' if block.credit else ""
        verse_dir = _inline_direction([n for line in block.lines for n in line])
        return (f'<blockquote class="epigraph"><div class="verse"{verse_dir}>{_lines(block.lines, notes)}</div>'
                f"{credit}</blockquote>")
    if isinstance(block, BlockQuote):
        inner = "\n".join(_render_block(b, None, notes) for b in block.blocks)
        return f'<blockquote class="quote">{inner}</blockquote>'
    if isinstance(block, ItemList):
        tag = "ol" if block.ordered else "ul"
        items = "".join("<li>" + "\n".join(_render_block(b, None, notes) for b in item) + "</li>"
                        for item in block.items)
        return f'<{tag} class="items">{items}</{tag}>'
    if isinstance(block, Note):
        # The notes of the blocks inside follow the author's note as a whole.
        inner = "\n".join(_render_block(b, None, notes) for b in block.blocks)
        return f'<aside class="note"><p class="note-label">{escape(block.label)}</p>{inner}</aside>'
    if isinstance(block, Picture):
        # The picture's bytes travel beside the page (the EPUB's images/, the PDF's fetcher),
        # named by their digest: the same picture is one file, and the name is the same every build.
        return (f'<figure class="picture"><img src="{PICTURE_FOLDER}{picture_file_name(block)}" '
                f'alt="{escape(block.alt)}"/></figure>')
    raise TypeError(f"unknown block {block!r}")


def _chapter_heading_lines(heading: Heading, notes: Footnotes | None = None) -> str:
    """`Chapter 3` / `Thaw`: the label and the title as two lines the stylesheet sets apart."""
    lines = split_lines(heading.content)
    if len(lines) < 2:
        return render_inlines(heading.content, notes)
    label, rest = lines[0], lines[1:]
    # The space between the spans keeps the two apart for screen readers and search.
    return f'<span class="chapter-label">{render_inlines(label, notes)}</span> ' + " ".join(
        f'<span class="chapter-name">{render_inlines(line, notes)}</span>' for line in rest
    )


def heading_label(heading: Heading) -> str:
    """A chapter heading on one line, for contents entries: `Chapter 3: Thaw`."""
    return ": ".join(inline_text(line).strip() for line in split_lines(heading.content))


# Where a page finds its pictures: story pages are in the EPUB's text/, pictures in images/.
PICTURE_FOLDER = "../images/"


def picture_file_name(picture: Picture) -> str:
    """`pic-<digest>.png`: named by the picture's bytes, so names are stable and shared."""
    import hashlib

    suffix = ".jpg" if picture.media_type == "image/jpeg" else ".png"
    return "pic-" + hashlib.sha256(picture.data).hexdigest()[:16] + suffix


def book_pictures(book: Book) -> dict[str, Picture]:
    """Every picture in the book (story bodies, notes, quoted passages, rich metadata), by file name."""
    found: dict[str, Picture] = {}

    def visit(blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, Picture):
                found.setdefault(picture_file_name(block), block)
            elif isinstance(block, (Note, BlockQuote)):
                visit(block.blocks)
            elif isinstance(block, ItemList):
                for item in block.items:
                    visit(item)

    for story in book.stories:
        visit(story.blocks)
        for name in RICH_META_FIELDS:
            visit(getattr(story.meta, name))
    return dict(sorted(found.items()))


def render_blocks(blocks: list[Block], notes: Footnotes | None = None) -> str:
    return "\n".join(render_block(block, notes=notes) for block in blocks)


# --- book pages --------------------------------------------------------------------


def story_id(number: int) -> str:
    return f"story-{number:02d}"


def chapter_id(number: int, chapter: int) -> str:
    return f"story-{number:02d}-{chapter:02d}"


def byline(story: Story) -> str | None:
    return catalogue.name_list(story.meta.authors) or None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def display_date(iso: str, language: str) -> str:
    """`2026-11-21` -> `21 November 2026` in an English book; other languages keep the ISO
    date, which every reader can read, rather than an English month name."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    if not language.lower().startswith("en"):
        return day.isoformat()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def title_page(book: Book) -> Section:
    meta = book.meta
    parts = [f'<h1 class="book-title"{direction(meta.title)}>{escape(meta.title)}</h1>']
    names = catalogue.authors(book)
    # One story, or a collection by one writer: the title page says whose book it is.
    # An anthology's many authors are named where their stories are.
    if names and (len(book.stories) == 1 or len(names) == 1):
        by = catalogue.name_list(names)
        parts.append(f'<p class="byline"{direction(by)}>by {escape(by)}</p>')
    if meta.compiler:
        parts.append(f'<p class="compiler">compiled by {escape(meta.compiler)}</p>')
    if meta.date:
        parts.append(f'<p class="date">{escape(display_date(meta.date, meta.language))}</p>')
    html = f'<section id="title-page" class="title-page" epub:type="titlepage">{"".join(parts)}</section>'
    return Section("title-page", meta.title, "titlepage", html, landmark="titlepage", front_matter=True)


def contents_entries(book: Book) -> list[TocEntry]:
    entries = []
    for number, story in enumerate(book.stories, 1):
        chapters = [
            TocEntry(chapter_id(number, k), heading_label(h))
            for k, h in enumerate((b for b in story.blocks if isinstance(b, Heading) and b.level == 1), 1)
        ]
        entries.append(TocEntry(story_id(number), story.meta.title or "Untitled", chapters, byline(story)))
    return entries


def has_contents(book: Book) -> bool:
    """Whether the book gets a contents page: not when it holds one story without
    chapters, where the page would list the story alone, which the reader is holding."""
    entries = contents_entries(book)
    return len(entries) > 1 or any(entry.children for entry in entries)


def contents_page(book: Book, href: Href) -> Section:
    items = []
    for entry in contents_entries(book):
        by = f' <span class="toc-byline">{escape(entry.byline)}</span>' if entry.byline else ""
        sub = ""
        if entry.children:
            sub = "<ol>" + "".join(
                f'<li{direction(c.label)}><a href="{href(c.section_id)}">{escape(c.label)}</a></li>'
                for c in entry.children
            ) + "</ol>"
        css = ' class="with-chapters"' if entry.children else ""
        items.append(f'<li{css}{direction(entry.label)}><a href="{href(entry.section_id)}">{escape(entry.label)}</a>'
                     f'{by}{sub}</li>')
    html = (
        f'<section id="contents" class="contents"{structure("toc")}>'
        '<h2 class="section-title">Contents</h2>'
        f'<ol class="toc">{"".join(items)}</ol></section>'
    )
    return Section("contents", "Contents", "toc", html, landmark="toc", front_matter=True)


def credits_page(book: Book) -> Section:
    rows = []
    for story in book.stories:
        details = []
        if names := byline(story):
            details.append(f"by {escape(names)}")
        if story.meta.fandoms:
            details.append(escape(", ".join(story.meta.fandoms)))
        if story.meta.source:
            details.append(escape(story.meta.source))
        detail = f' <span class="credit-detail">{" · ".join(details)}</span>' if details else ""
        title = story.meta.title or "Untitled"
        rows.append(f'<li{direction(title)}><span class="credit-title">{escape(title)}</span>{detail}</li>')
    lines = []
    if book.meta.compiler:
        lines.append(f"<p>Compiled by {escape(book.meta.compiler)}.</p>")
    if len(book.stories) == 1:
        whose = "its authors" if len(book.stories[0].meta.authors) > 1 else "its author"
        lines.append(f"<p>The story remains the work of {whose}, credited above.</p>")
    else:
        lines.append("<p>Each story remains the work of its author, credited above.</p>")
    if book.meta.not_for_sale:
        kind = "anthology" if len(book.stories) > 1 else "story"
        lines.append(f'<p class="not-for-sale">A fanwork {kind} for personal reading. Not for sale.</p>')
    html = (
        f'<section id="credits" class="credits"{structure("acknowledgments")}>'
        '<h2 class="section-title">Credits</h2>'
        f'<ul class="credit-list">{"".join(rows)}</ul>{"".join(lines)}</section>'
    )
    return Section("credits", "Credits", "acknowledgments", html, front_matter=True)


# The story's facts, in the order of AO3's preface, then what fic headers add.
# (label, StoryMeta attribute); a list is shown comma-separated, an empty one not at all.
PREFACE_FACTS = (
    ("Rating", "rating"),
    ("Archive warnings", "warnings"),
    ("Category", "category"),
    ("Fandom", "fandoms"),
    ("Relationships", "relationships"),
    ("Characters", "characters"),
    ("Tags", "tags"),
    ("Language", "language"),
    ("Series", "series"),
    ("Spoilers", "spoilers"),
)
# Prose sections under the facts, in reading order.
PREFACE_SECTIONS = (
    ("Summary", "summary"),
    ("Prompt", "prompt"),
    ("Written for", "dedication"),
    ("Notes", "notes"),
    ("Disclaimer", "disclaimer"),
)


def _fact(label: str, value: str, css: str | None = None) -> str:
    attr = f' class="{css}"' if css else ""
    return f"<dt{attr}>{escape(label)}</dt><dd{attr}{direction(value)}>{escape(value)}</dd>"


def word_count_text(story: Story) -> str | None:
    """`523`, or `523 (posted as 550ish)` when the author's own count says otherwise."""
    counted = count_words(story.blocks)
    stated = story.meta.stated_word_count
    if counted == 0 and not stated:
        return None
    text = f"{counted:,}"
    if stated and re.sub(r"[,.\s]", "", stated) != str(counted):
        text += f" (posted as {stated})"
    return text


def preface_stands_apart(story: Story) -> bool:
    """Whether the story's title page is a page of its own: when it holds more than a
    few lines (a summary, notes, a prompt, an epigraph, or a long list of facts). A
    title over a byline and a word count opens the text on the same page, as a short
    story opens in a printed book; a page holding only those would be one more page to
    turn past (and, in a one-story book, the title shown a third time in a row)."""
    meta = story.meta
    if meta.epigraph is not None or any(blocks_text(getattr(meta, name)) for _, name in PREFACE_SECTIONS):
        return True
    facts = sum(bool(getattr(meta, name)) for _, name in PREFACE_FACTS) + bool(meta.published)
    return facts + sum(bool(extra.value) for extra in meta.extra) > _FACTS_ON_THE_OPENING_PAGE


# Facts (besides the word count) a story's opening page holds above its text.
_FACTS_ON_THE_OPENING_PAGE = 3


def story_preface(story: Story) -> str:
    """The story's own title page, in the spirit of AO3's download preface: title,
    byline, the facts, then summary, prompt, dedication, notes and disclaimer.
    Every field the header had and ficbind does not know is shown too, as written."""
    meta = story.meta
    title = meta.title or "Untitled"
    parts = [f'<h2 class="story-title"{direction(title)}>{escape(title)}</h2>']
    if names := byline(story):
        parts.append(f'<p class="byline">by {escape(names)}</p>')
    rows = []
    for label, name in PREFACE_FACTS:
        value = getattr(meta, name)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            rows.append(_fact(label, value))
    words = word_count_text(story)
    if words:
        rows.append(_fact("Words", words))
    if meta.published:
        rows.append(_fact("Published", meta.published))
    for extra in meta.extra:
        if extra.value:
            rows.append(_fact(extra.label, extra.value, "extra"))
    if rows:
        parts.append(f'<dl class="story-meta">{"".join(rows)}</dl>')
    for label, name in PREFACE_SECTIONS:
        blocks = getattr(meta, name)
        if blocks and blocks_text(blocks):
            parts.append(
                f'<div class="preface-section preface-{name}"><p class="preface-label">{label}</p>'
                f"{render_blocks(blocks)}</div>"
            )
    if meta.epigraph is not None:
        parts.append(render_block(meta.epigraph))  # the song a prompt quoted, set as verse
    css = "story-preface" if preface_stands_apart(story) else "story-preface opening"
    return f'<header class="{css}">{"".join(parts)}</header>'


def story_sections(
    story: Story, number: int, preface_apart: bool = False, file_size: int | None = None
) -> list[Section]:
    """The story as sections: its opening (preface and text up to the first chapter),
    then one section per chapter; the end notes close the last one.

    For e-readers (the EPUB writer's call): `preface_apart` puts the story's title page
    in a section of its own when it stands apart (`preface_stands_apart`), since e-ink
    readers ignore CSS page breaks, and
    `file_size` splits a section whose XHTML would be larger than that many bytes at
    block boundaries into continuation sections, since readers slow down or fail on
    very large files (a long story with no chapters would otherwise be one file).
    """
    sid = story_id(number)
    title = story.meta.title or "Untitled"
    sections: list[tuple[str, str, list[str]]] = [(sid, title, [story_preface(story)])]
    preface_apart = preface_apart and preface_stands_apart(story)
    if preface_apart:
        sections.append((f"{sid}-text", title, []))
    chapter = 0
    # A block and the notes it references are one part, so a file split never parts them.
    notes = Footnotes(sid)
    for block in story.blocks:
        if isinstance(block, Heading) and block.level == 1:
            chapter += 1
            cid = chapter_id(number, chapter)
            sections.append((cid, heading_label(block), [render_block(block, heading_id=None, notes=notes)]))
            continue
        sections[-1][2].append(render_block(block, notes=notes))
    if story.meta.end_notes and blocks_text(story.meta.end_notes):
        sections[-1][2].append(
            f'<section class="end-notes"{structure("afterword")} aria-label="End notes">'
            f'<p class="preface-label">End notes</p>{render_blocks(story.meta.end_notes, notes)}</section>'
        )
    if preface_apart and not sections[1][2]:
        del sections[1]  # the story opens straight on its first chapter
    language = language_tag(story.meta.language)
    out = []
    for k, (section_id, section_title, parts) in enumerate(sections):
        if k == 0:
            classes = "story"
        elif section_id.endswith("-text"):
            classes = "story-text"
        else:
            classes = "chapter"
        for piece, piece_parts in enumerate(_pieces(parts, file_size)):
            piece_id = section_id if piece == 0 else f"{section_id}-{piece + 1}"
            piece_classes = classes if piece == 0 else f"{classes} continued"
            body = "\n".join(piece_parts)
            out.append(
                Section(piece_id, section_title, "chapter",
                        f'<section id="{piece_id}" class="{piece_classes}"{structure("chapter")}>{body}</section>',
                        language=language)
            )
    return out


def _pieces(parts: list[str], size: int | None) -> list[list[str]]:
    """Block runs of at most `size` bytes of XHTML each (a larger block stands alone)."""
    if size is None:
        return [parts]
    pieces: list[list[str]] = [[]]
    used = 0
    for part in parts:
        length = len(part.encode("utf-8"))
        if pieces[-1] and used + length > size:
            pieces.append([])
            used = 0
        pieces[-1].append(part)
        used += length
    return pieces


# The front matter in the order of a printed book, the same in the EPUB and the PDF:
# the half title (print only), the title page, the credits (where a printed book has
# its copyright page, on the title page's verso), then the contents. The EPUB's cover
# comes before them all.
FRONT_MATTER = ("half-title", "title-page", "credits", "contents")


def front_matter(book: Book, href: Href) -> list[Section]:
    """The book's front matter sections, in FRONT_MATTER's order (the half title is the
    PDF writer's own)."""
    pages = {"title-page": title_page(book), "credits": credits_page(book)}
    if has_contents(book):
        pages["contents"] = contents_page(book, href)
    return [pages[page] for page in FRONT_MATTER if page in pages]


def render_book(
    book: Book, href: Href, render_story: Callable[[Story, int], list[Section]] = story_sections
) -> list[Section]:
    """Every section of the book in reading order. `render_story` renders one story at
    its number (the build passes one that reuses cached parts)."""
    sections = front_matter(book, href)
    for number, story in enumerate(book.stories, 1):
        story_parts = render_story(story, number)
        story_parts[0].landmark = "bodymatter" if number == 1 else None
        sections.extend(story_parts)
    return sections


def xhtml_document(title: str, language: str, body: str, stylesheets: list[str]) -> str:
    """A complete XHTML5 file for an EPUB (or for WeasyPrint, which reads it as HTML)."""
    links = "".join(f'<link rel="stylesheet" type="text/css" href="{escape(s)}"/>' for s in stylesheets)
    lang = escape(language)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE html>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{lang}" xml:lang="{lang}">\n'
        f"<head><meta charset=\"utf-8\"/><title>{escape(title)}</title>{links}</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
