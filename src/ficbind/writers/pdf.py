"""Write a `Book` as a print-ready PDF: laid out in parts by WeasyPrint, joined by pikepdf.

Book -> bytes. The book is laid out in parts that each start on a recto and need
nothing from one another: each story (body matter) first, then the front matter
(half title, title page, credits, contents), whose contents page can then print the
real page numbers. The page furniture (running heads and folios) is laid out last,
once every page's number and side are known, and printed over the text pages. The
joiner (pdf_join) adds the blank versos, the outline, page labels, metadata and the
print boxes and marks.

Because no story's layout depends on another's, `render` may be any map over part
jobs: one after another here, a process pool for big books (issue 8).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from .. import __version__, resources
from ..errors import UsageError
from ..languages import language_tag
from ..model import Book, Story
from . import xhtml
from .pdf_fonts import (
    BOOK_FAMILY,
    describe_characters,
    font_faces,
    font_roots,
    missing_glyphs,
    ornament_css,
    text_characters,
)
from .pdf_furniture import Leaf, furniture_job, to_roman
from .pdf_geometry import DEFAULT_PAGE_SIZE, PageGeometry, page_css, page_geometry
from .pdf_join import Bookmark, DocumentInfo, PageLabelRange, join_book
from .pdf_parts import LINK_SCHEME, PartJob, RenderedPart, render_sequentially

Warn = Callable[[str], None]
RenderParts = Callable[[list[PartJob]], list[RenderedPart]]

# Front matter in the order of a printed book; a section the PDF does not know yet
# goes before the contents.
_FRONT_ORDER = {"half-title": 0, "title-page": 1, "credits": 2, "contents": 4}
_UNKNOWN_FRONT = 3
# A compact layout lets every section follow on the next page, whatever its side.
_COMPACT_CSS = "body > section, section.story, div.story-part { break-before: page; }\n"
# Display pages: counted, but print no folio (as in any trade book).
_DISPLAY_PAGES = {"half-title", "title-page"}


@dataclass(frozen=True)
class PdfOptions:
    page_size: str = DEFAULT_PAGE_SIZE
    font: str = resources.DEFAULT_FONT
    bleed: str = "0"  # `3mm`, `0.125in`
    marks: str | None = None  # `crop`, `cross`, `crop,cross`
    # "book": front matter and rectos, as a printed book. "compact": for the eight tiny
    # pages of a mini-zine: the pages simply follow one another, the first is the cover
    # (the story's own title page, or the book's title page for several stories), and
    # there are no blank pages, half title, credits, contents or running heads.
    layout: str = "book"

    @property
    def has_press_extras(self) -> bool:
        """Whether bleed or printer's marks were asked for (a print shop's PDF)."""
        return bool(self.marks) or self.bleed.strip() not in ("", "0")

    def check(self) -> None:
        """Raise UsageError for a page size, bleed, marks, layout or font ficbind does not know."""
        if self.layout not in ("book", "compact"):
            raise UsageError(f"unknown PDF layout {self.layout!r}; use book or compact")
        page_geometry(self.page_size, self.bleed, self.marks)
        resources.font_family(self.font)


@dataclass
class _StoryPart:
    """One story's sections, laid out as one part."""

    number: int
    story: Story
    section_ids: list[str]
    html: str


@dataclass
class _Setting:
    """What every part of one book shares: geometry, face, stylesheet, where files may come from."""

    geometry: PageGeometry
    font: resources.FontFamily
    css: str
    base_url: str
    roots: tuple[str, ...]
    timestamp: int
    characters: dict[str, set[str]] = field(default_factory=dict)  # part name -> characters in it

    def job(self, name: str, title: str, language: str, body: str, sections: list[str], extra_css: str = "") -> PartJob:
        html = (
            f'<!DOCTYPE html><html lang="{xhtml.escape(language)}"><head><meta charset="utf-8"/>'
            f"<title>{xhtml.escape(title)}</title><style>{self.css}{extra_css}</style></head>"
            f"<body>{body}</body></html>"
        )
        self.characters[name] = text_characters(html)
        return PartJob(name, html, self.base_url, self.roots, tuple(sections), self.timestamp)


def write_pdf(
    book: Book,
    modified: datetime,
    options: PdfOptions = PdfOptions(),
    warn: Warn | None = None,
    render: RenderParts = render_sequentially,
) -> bytes:
    warn = warn or (lambda message: None)
    geometry = page_geometry(options.page_size, options.bleed, options.marks)
    font = resources.font_family(options.font)
    compact = options.layout == "compact"
    setting = _Setting(
        geometry=geometry,
        font=font,
        css=font_faces(font) + page_css(geometry) + resources.stylesheet("print.css") + ornament_css(font)
        + (_COMPACT_CSS if compact else ""),
        base_url=resources.styles_dir().as_uri() + "/",
        roots=tuple(str(root) for root in (resources.styles_dir().resolve(), *font_roots(font))),
        timestamp=int(modified.timestamp()),
    )
    sections = xhtml.render_book(book, href=lambda section_id: LINK_SCHEME + section_id)
    titles = {section.id: section.title for section in sections}
    front_sections = sorted(
        (s for s in sections if s.front_matter), key=lambda s: _FRONT_ORDER.get(s.id, _UNKNOWN_FRONT)
    )
    if compact:
        # A one-story mini-zine opens on the story's own title page; several stories
        # get the book's title page as their cover.
        front_sections = [s for s in front_sections if s.id == "title-page" and len(book.stories) > 1]
    stories = _story_parts(book, [s for s in sections if not s.front_matter])

    # 1. The stories, each on its own: their pages do not depend on one another.
    body_jobs = [
        setting.job(f"story {part.number}", part.story.meta.title or book.meta.title,
                    _language(part.story, book), part.html, part.section_ids)
        for part in stories
    ]
    body = render(body_jobs)

    # 2. Where every story and chapter landed, counting from page 1 of the body.
    front_ids = [*([] if compact else ["half-title"]), *(s.id for s in front_sections)]
    first_part = 1 if front_ids else 0  # the front matter, when there is any, is part 0
    body_leaves, body_starts = _body_leaves(book, stories, body, first_part=first_part, compact=compact)

    # 3. The front matter, whose contents page now knows the page numbers.
    front_body = ("" if compact else _half_title(book)) + "\n".join(s.html for s in front_sections)
    numbers = "".join(
        f'a[href="{LINK_SCHEME}{section_id}"]::after {{ content: leader(". ") "{body_leaves[leaf].folio}"; }}\n'
        for section_id, leaf in body_starts.items()
    )
    if front_ids:
        front_job = setting.job("front matter", book.meta.title, book.meta.language, front_body, front_ids, numbers)
        (front,) = render([front_job])
        front_leaves, front_starts = _front_leaves(front, compact)
    else:
        front, front_leaves, front_starts = None, [], {}
    leaves = front_leaves + body_leaves
    if len(leaves) % 2 and not compact:
        leaves.append(Leaf(None, None, "verso"))  # a book ends on a verso
    starts = {**front_starts, **{sid: len(front_leaves) + leaf for sid, leaf in body_starts.items()}}

    # 4. Running heads and folios, over the text pages.
    job, owners = furniture_job(leaves, setting.css, book.meta.language, setting.base_url, setting.roots,
                                setting.timestamp)
    furniture = render([job])[0] if job else None

    bookmarks = _bookmarks(stories, front_sections, titles, starts)
    labels = [PageLabelRange(0, "r"), PageLabelRange(len(front_leaves), "D")] if front_leaves else [PageLabelRange(0, "D")]
    parts = [front, *body] if front is not None else list(body)
    _report_fonts(setting, parts + ([furniture] if furniture else []), stories, warn)
    font_names = {BOOK_FAMILY: font.name, **{f.name: f.path.stem.split("-")[0] for f in resources.fallback_fonts()}}
    return join_book(parts, leaves, furniture, owners, geometry, bookmarks, labels, starts,
                     _document_info(book, modified), font_names)


# --- the parts ---------------------------------------------------------------------


def _story_parts(book: Book, body_sections: list[xhtml.Section]) -> list[_StoryPart]:
    """Group the body sections by story: a story's own section opens each group."""
    by_id = {xhtml.story_id(number): (number, story) for number, story in enumerate(book.stories, 1)}
    parts: list[_StoryPart] = []
    for section in body_sections:
        if section.id in by_id or not parts:
            number, story = by_id.get(section.id, (1, book.stories[0]))
            parts.append(_StoryPart(number, story, [], ""))
        parts[-1].section_ids.append(section.id)
        parts[-1].html += section.html + "\n"
    for part in parts:
        # The story's language on its own element, so hyphenation follows the story.
        part.html = f'<div class="story-part" lang="{xhtml.escape(_language(part.story, book))}">{part.html}</div>'
    return parts


def _language(story: Story, book: Book) -> str:
    return language_tag(story.meta.language) or book.meta.language


def _half_title(book: Book) -> str:
    # Print only: the book's title alone on the first recto, as printed books open.
    return (
        '<section id="half-title" class="half-title">'
        f'<p class="half-title-text">{xhtml.escape(book.meta.title)}</p></section>\n'
    )


# --- the pages ---------------------------------------------------------------------


def _side(index: int) -> str:
    return "recto" if index % 2 == 0 else "verso"


def _verso_head(book: Book) -> str:
    """Left-hand pages carry the book's title; a one-story book, its author's name."""
    if len(book.stories) == 1 and xhtml.byline(book.stories[0]):
        return xhtml.byline(book.stories[0])
    return book.meta.title


def _body_leaves(
    book: Book, stories: list[_StoryPart], rendered: list[RenderedPart], first_part: int, compact: bool = False
) -> tuple[list[Leaf], dict[str, int]]:
    """The body's pages from page 1, and the page each story and chapter opens on."""
    leaves: list[Leaf] = []
    starts: dict[str, int] = {}
    verso_head = _verso_head(book)
    for offset, (part, done) in enumerate(zip(stories, rendered)):
        if len(leaves) % 2 and not compact:
            leaves.append(Leaf(None, None, "verso"))  # each story opens on a recto
        first = len(leaves)
        for section_id in part.section_ids:
            if section_id in done.starts:
                starts[section_id] = first + done.starts[section_id]
        openers = set(done.starts.values())
        recto_head = part.story.meta.title or book.meta.title
        for page in range(done.page_count):
            side = _side(len(leaves))
            if page in done.blank_pages:
                leaves.append(Leaf(None, None, side))
                continue
            # No head on a page that opens a story or a chapter: its title is there already.
            head = None if page in openers or compact else (verso_head if side == "verso" else recto_head)
            leaves.append(Leaf(first_part + offset, page, side, folio=str(len(leaves) + 1), head=head))
    return leaves, starts


def _front_leaves(front: RenderedPart, compact: bool = False) -> tuple[list[Leaf], dict[str, int]]:
    """The front matter's pages (roman folios, none on display pages) and where each section opens."""
    leaves: list[Leaf] = []
    opening = {page: section_id for section_id, page in sorted(front.starts.items(), key=lambda item: -item[1])}
    section = None
    for page in range(front.page_count):
        side = _side(len(leaves))
        if page in front.blank_pages:
            leaves.append(Leaf(None, None, side))
            continue
        section = opening.get(page, section)
        folio = None if section in _DISPLAY_PAGES else to_roman(len(leaves) + 1)
        leaves.append(Leaf(0, page, side, folio=folio))
    if len(leaves) % 2 and not compact:
        leaves.append(Leaf(None, None, "verso"))  # the body opens on a recto
    return leaves, dict(front.starts)


def _bookmarks(stories: list[_StoryPart], front_sections: list[xhtml.Section], titles: dict[str, str],
               starts: dict[str, int]) -> list[Bookmark]:
    """The outline: the front matter's sections a reader looks for, then each story with its chapters."""
    marks = [Bookmark(s.title, starts[s.id]) for s in front_sections if s.id not in _DISPLAY_PAGES and s.id in starts]
    for part in stories:
        story_id, *chapters = part.section_ids
        if story_id not in starts:
            continue
        mark = Bookmark(titles[story_id], starts[story_id])
        mark.children = [Bookmark(titles[c], starts[c]) for c in chapters if c in starts]
        marks.append(mark)
    return marks


def _author(book: Book) -> str | None:
    """The stories' authors, or the compiler when there are too many to name."""
    names: list[str] = []
    for story in book.stories:
        names.extend(name for name in story.meta.authors if name not in names)
    if names and (len(names) <= 3 or not book.meta.compiler):
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return book.meta.compiler


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _document_info(book: Book, modified: datetime) -> DocumentInfo:
    fandoms = _unique([f for s in book.stories for f in s.meta.fandoms])
    tags = _unique(fandoms + [t for s in book.stories for t in (*s.meta.relationships, *s.meta.characters, *s.meta.tags)])
    subject = book.meta.description or (f"Fan fiction: {', '.join(fandoms)}" if fandoms else "Fan fiction")
    return DocumentInfo(
        title=book.meta.title,
        author=_author(book),
        subject=subject,
        keywords=", ".join(tags) or None,
        language=book.meta.language,
        creator=f"ficbind {__version__}",
        moment=modified,
    )


def _report_fonts(setting: _Setting, parts: list[RenderedPart], stories: list[_StoryPart], warn: Warn) -> None:
    """Warn, naming the characters and the stories, when a glyph had to come from a font
    ficbind does not ship, or from no font at all (an empty box); and name every URL the
    renderer was refused."""
    import pikepdf

    for part in parts:
        for url in part.refused:
            warn(f"PDF: refused to fetch {url}: ficbind reads only its own stylesheets and fonts")
    everything = set().union(*setting.characters.values())
    boxes = set().union(*(part.boxes for part in parts))
    missing = [c for c in missing_glyphs(everything, setting.font) if c not in boxes]
    if boxes:
        warn(
            f"PDF: no font, not even one of this computer's, has {describe_characters(sorted(boxes, key=ord))}; "
            f"{'they are' if len(boxes) > 1 else 'it is'} printed as empty boxes{_where(boxes, setting, stories)}. "
            "Install a font that has them (for Chinese, Japanese or Korean: Noto Sans CJK, in Debian and "
            "Ubuntu `fonts-noto-cjk`) and build again; the EPUB is not affected (e-readers bring their own fonts)."
        )
    if not missing:
        return
    system_fonts: set[str] = set()
    for part in parts:
        with pikepdf.open(io.BytesIO(part.pdf)) as pdf:
            for page in pdf.pages:
                for font in page.resources.get("/Font", {}).values():
                    name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
                    shipped = name.startswith("Book") or name.startswith(_SHIPPED_FALLBACK_PREFIXES)
                    if name and not shipped and name.replace("-", "") != setting.font.name.replace(" ", ""):
                        system_fonts.add(name)
    fallback = f" ({', '.join(sorted(system_fonts))})" if system_fonts else ""
    warn(
        f"PDF: no font that ships with ficbind has {describe_characters(missing)}; "
        f"{'they were' if len(missing) > 1 else 'it was'} set in a font of this computer{fallback}"
        + _where(set(missing), setting, stories)
        + ". The printed glyphs may not match the book face."
    )


# The shipped fallbacks' names as fonts name themselves inside a PDF (`NotoEmoji-Regular`).
_SHIPPED_FALLBACK_PREFIXES = ("NotoSans", "NotoSerif", "NotoNaskh", "NotoEmoji")


def _where(characters: set[str], setting: _Setting, stories: list[_StoryPart]) -> str:
    """` — in stories/a.txt, stories/b.txt`: the stories holding any of the characters."""
    where = [
        f"{part.story.path}" for part in stories
        if characters & setting.characters.get(f"story {part.number}", set())
    ]
    return f" — in {', '.join(where)}" if where else ""
