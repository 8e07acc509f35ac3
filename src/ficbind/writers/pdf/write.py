"""Write a `Book` as a print-ready PDF: laid out in parts by WeasyPrint, joined by pikepdf.

Book -> bytes. The book is laid out in parts that each start on a recto and need
nothing from one another: each story (body matter) first, then the front matter
(half title, title page, credits, contents), whose contents page can then print the
real page numbers. The page furniture (running heads and folios) is laid out apart,
once the numbers and sides of its pages are known, and printed over the text pages.
The joiner (pdf_join) adds the blank versos, the outline, page labels, metadata and
the print boxes and marks.

A cover picture (`cover`) becomes the book's first leaf, drawn to the bleed
(pdf_cover), with its back left blank; it is not laid out by WeasyPrint.

Because no story's layout depends on another's, `render` may lay out the parts in
any order: one after another here, in worker processes (parallel.py) in a build, with
rendered parts recalled from the build's cache. It is called once, with the story
parts; as each part comes in, it is given the jobs that part makes possible
(`_Schedule.more`): the running heads and folios of the pages now known for good
(laid out beside the stories still being laid out), the front matter once every story
is in, and the front matter's folios last. Each job's pages depend only on the job,
so the book is the same bytes whatever order the parts come in.

A long story is laid out in chunks, so that its pages can be laid out on several
cores and no one layout holds a whole novel in memory. The rule (the same however
many cores there are, so every machine prints the same book): a story of more than
`CHUNK_WORDS` words is cut before a chapter once the chunk so far has `CHUNK_WORDS`
words and at least as many follow; a chapter (or a story without chapters) that is
itself longer is first cut at its scene breaks by the same rule. Each chunk opens on
a recto, like a story: a chapter that opens a chunk opens on a right-hand page, and a
scene that opens one opens at the top of a right-hand page, its ornament first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...model import Book, Story
from ...runtime import resources
from ...text.languages import language_tag
from ...text.wordcount import count_words
from .. import WriteContext, catalogue, xhtml
from .fonts import (
    BOOK_FAMILY,
    describe_characters,
    font_faces,
    missing_glyphs,
    ornament_css,
    readable_roots,
    text_characters,
)
from .furniture import Leaf, furniture_jobs, to_roman
from .geometry import PageGeometry, page_css, page_geometry, points
from .options import PdfOptions
from .parts import LINK_SCHEME, PartJob, RenderedPart, render_sequentially
from .standards import SRGB_PROFILE, parse_standard

if TYPE_CHECKING:
    from .join import Bookmark, DocumentInfo, PageLabelRange

Warn = Callable[[str], None]
# (jobs, more) -> the parts, in order: the jobs', then those `more(job, part)` returned
# as parts came in (parallel.Workers.map, pdf_parts.render_sequentially).
RenderParts = Callable[[list[PartJob], Callable[[PartJob, RenderedPart], list[PartJob]]], list[RenderedPart]]

# Front matter in xhtml.FRONT_MATTER's order, the EPUB's; a section that order does
# not name yet goes before the contents.
_FRONT_ORDER = {page: 2 * k for k, page in enumerate(xhtml.FRONT_MATTER)}
_UNKNOWN_FRONT = _FRONT_ORDER["contents"] - 1
# A compact layout lets every section follow on the next page, whatever its side.
_COMPACT_CSS = "body > section, section.story, div.story-part { break-before: page; }\n"
# The front matter's sections one after another, in a zine whose stories open on either page.
_ANY_OPENINGS_CSS = "body > section, section.title-page + section.credits { break-before: page; }\n"
# Display pages: counted, but print no folio (as in any trade book).
_DISPLAY_PAGES = {"half-title", "title-page"}
# Pages of running heads and folios worth a document of their own (about a third of a
# second of layout, and a tenth in setting it up), laid out while stories still are.
FURNITURE_PAGES = 120
# Where a scene may be cut from the one before: a break between two blocks of the
# section itself (story_sections joins its blocks with newlines), not one inside a note.
_SCENE_BREAK = '<hr class="scene-break"/>'
_NESTING = re.compile(r"<(/?)(?:section|aside|div|blockquote|header)\b|\n" + re.escape(_SCENE_BREAK) + "\n")


@dataclass
class _StoryPart:
    """A story's sections (all of them, or one chunk's), laid out as one part."""

    number: int
    story: Story
    section_ids: list[str]
    html: str
    chunk: int = 1  # 1 for a story's first (or only) part


@dataclass
class _Setting:
    """What every part of one book shares: geometry, face, stylesheet, where files may come from."""

    geometry: PageGeometry
    font: resources.FontFamily
    css: str
    base_url: str
    roots: tuple[str, ...]
    timestamp: int
    tagged: bool = False
    characters: dict[str, set[str]] = field(default_factory=dict)  # part name -> characters in it
    pictures: dict[str, bytes] = field(default_factory=dict)  # the book's pictures by file name

    def job(self, name: str, title: str, language: str, body: str, sections: list[str], extra_css: str = "",
            characters: str | None = None, kind: str = "story") -> PartJob:
        html = (
            f'<!DOCTYPE html><html lang="{xhtml.escape(language)}"><head><meta charset="utf-8"/>'
            f"<title>{xhtml.escape(title)}</title><style>{self.css}{extra_css}</style></head>"
            f"<body>{body}</body></html>"
        )
        self.characters.setdefault(characters or name, set()).update(text_characters(body))
        # Each part carries only the pictures its own pages show.
        pictures = tuple((n, data) for n, data in self.pictures.items() if n in body)
        return PartJob(name, html, self.base_url, self.roots, tuple(sections), self.timestamp, kind, pictures,
                       tagged=self.tagged)


def write_pdf(
    book: Book, options: PdfOptions, context: WriteContext, pages_if_right: Callable[[int], None] | None = None,
) -> bytes:
    """The book as PDF bytes. The options' `cover`, the reader's own picture, is printed as
    the first page. `pages_if_right`, when given, is told how many pages the book would
    have with every story opening on a right-hand page (a zine's instructions say what
    opening on either page saved)."""
    # The joiner brings in pikepdf: imported here, not by a build that only checks options.
    from .join import Furniture, join_book

    modified, warn, cover = context.modified, context.warn, options.cover
    render: RenderParts = context.pieces.pdf_parts if context.pieces else render_sequentially
    geometry = page_geometry(options.page_size, options.bleed, options.marks)
    font = resources.font_family(options.font)
    compact = options.layout == "compact"
    standard = parse_standard(options.standard)
    tagged = options.tagged or (standard is not None and standard.tagged)
    setting = _Setting(
        geometry=geometry,
        font=font,
        css=font_faces(font) + page_css(geometry) + resources.stylesheet("print.css") + ornament_css(font)
        + (_COMPACT_CSS if compact else "") + (standard.css if standard else ""),
        base_url=resources.styles_url(),
        roots=readable_roots(font),
        timestamp=int(modified.timestamp()),
        tagged=tagged,
        pictures={name: picture.data for name, picture in xhtml.book_pictures(book).items()},
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
    body_sections = [s for s in sections if not s.front_matter]
    stories = _story_parts(book, body_sections, 0 if compact else options.chunk_words)

    # The stories, each on its own: their pages do not depend on one another. As they
    # come in, the pages before the first story still to come are known for good, so
    # their running heads and folios are laid out at once, beside the stories still
    # being laid out; once every story is in, the front matter, whose contents page
    # now knows the page numbers; once that is in, its folios.
    body_jobs = [
        setting.job(_part_name(part), part.story.meta.title or book.meta.title, _language(part.story, book),
                    part.html, part.section_ids, characters=f"story {part.number}")
        for part in stories
    ]
    # Blank left-hand pages before each story and front-matter section, as a bound book has;
    # not in a mini-zine, nor in a zine whose stories open on either page.
    pad = not compact and options.openings == "right"
    # What the book opens on: a zine without a cover picture on its typeset cover; a book
    # on its half title, unless it is a short story bound alone (has_half_title).
    if compact:
        opener = ""
    elif options.typeset_cover and cover is None:
        opener = _typeset_cover(book)
    else:
        opener = _half_title(book) if has_half_title(book) else ""
    front_ids = [*(["half-title"] if opener else []), *(s.id for s in front_sections)]

    def front_job(body_leaves: list[Leaf], body_starts: dict[str, int]) -> PartJob:
        front_body = opener + "\n".join(s.html for s in front_sections)
        numbers = "".join(
            f'a[href="{LINK_SCHEME}{section_id}"]::after {{ content: leader(". ") "{body_leaves[leaf].folio}"; }}\n'
            for section_id, leaf in body_starts.items()
        )
        return setting.job("front matter", book.meta.title, book.meta.language, front_body, front_ids,
                           numbers + ("" if pad else _ANY_OPENINGS_CSS), kind="front")

    schedule = _Schedule(
        book, stories, body_jobs, compact, pad,
        first_part=1 if front_ids else 0,  # the front matter, when there is any, is part 0
        furnish=lambda leaves, name: furniture_jobs(leaves, setting.css, book.meta.language, setting.base_url,
                                                    setting.roots, setting.timestamp, name=name),
        front_job=front_job if front_ids else None,
    )
    schedule.finish(render(body_jobs + schedule.opening(), schedule.more))
    body, front = list(schedule.body), schedule.front
    body_leaves, body_starts = schedule.leaves, schedule.starts
    front_leaves, front_starts = schedule.front_leaves, schedule.front_starts
    assert all(part is not None for part in body), "every story part is laid out by now"
    parts = [part for part in ([front] if front is not None else []) + body if part is not None]
    # The cover is not one of the book's counted pages: the half title is still page i
    # and the first story page 1, as in a bound book, whose cover is printed apart (on
    # card) and is no page of the book block. Here the cover is the first leaf, labelled
    # "Cover", and its back, the inside of the cover, is left blank and unnumbered. A
    # compact layout (a mini-zine) has no blank pages: its first page follows on the next panel.
    opening: list[Leaf] = []
    if cover is not None:
        from .cover import cover_part

        srgb = (resources.styles_dir() / SRGB_PROFILE).read_bytes() if standard and standard.family == "x" else None
        parts.append(cover_part(cover, geometry, srgb_profile=srgb))
        opening = [Leaf(len(parts) - 1, 0, "recto"), *([] if compact else [Leaf(None, None, "verso")])]
    shift = len(opening)
    leaves = opening + front_leaves + body_leaves
    # A part laid out from a right-hand page that lands on a left-hand one (a story opening
    # on either page) has its gutter on the wrong side: its pages move over by the difference.
    moved = {} if pad or compact else _misplaced(leaves, geometry)
    if pages_if_right is not None and not pad and not compact:
        pages_if_right(_pages_if_opening_right(leaves, {shift + page for page in front_starts.values()}))
    if len(leaves) % 2 and not compact:
        leaves.append(Leaf(None, None, "verso"))  # a book ends on a verso
    while options.pages_multiple_of and len(leaves) % options.pages_multiple_of:
        # Blank leaves for the binding (pdf/options.py), at the end where a binder expects them.
        leaves.append(Leaf(None, None, "recto" if len(leaves) % 2 == 0 else "verso"))
    starts = {**{sid: shift + leaf for sid, leaf in front_starts.items()},
              **{sid: shift + len(front_leaves) + leaf for sid, leaf in body_starts.items()}}
    furniture = [Furniture(done, [shift + owner for owner in owners]) for done, owners in schedule.furniture("front")]
    furniture += [Furniture(done, [shift + len(front_leaves) + owner for owner in owners])
                  for done, owners in schedule.furniture("body")]

    bookmarks = _bookmarks(book, stories, front_sections, titles, starts, cover=bool(opening))
    labels = _page_labels(len(opening), len(front_leaves))
    _report_fonts(setting, parts + [f.part for f in furniture], book, warn)
    font_names = {BOOK_FAMILY: font.name, **{f.name: f.path.stem.split("-")[0] for f in resources.fallback_fonts()}}
    return join_book(parts, leaves, furniture, geometry, bookmarks, labels, starts,
                     _document_info(book, modified), font_names, standard=standard, tagged=tagged,
                     link_labels=titles, cover=(0, f"Cover of {book.meta.title}") if opening else None,
                     moved=moved)


# --- the parts ---------------------------------------------------------------------


def _story_parts(book: Book, body_sections: list[xhtml.Section], chunk_words: int) -> list[_StoryPart]:
    """Group the body sections by story (a story's own section opens each group), and
    cut a long story into chunks (`chunk_words`; 0: never)."""
    by_id = {xhtml.story_id(number): (number, story) for number, story in enumerate(book.stories, 1)}
    groups: list[tuple[int, Story, list[tuple[str, str]]]] = []
    for section in body_sections:
        if section.id in by_id or not groups:
            number, story = by_id.get(section.id, (1, book.stories[0]))
            groups.append((number, story, []))
        groups[-1][2].append((section.id, section.html))
    parts: list[_StoryPart] = []
    for number, story, story_sections in groups:
        language = xhtml.escape(_language(story, book))
        for chunk, pieces in enumerate(_chunks(story_sections, chunk_words), 1):
            # The story's language on its own element, so hyphenation follows the story.
            html = "".join(piece + "\n" for _, piece in pieces)
            parts.append(_StoryPart(number, story, [sid for sid, _ in pieces if sid is not None],
                                    f'<div class="story-part" lang="{language}">{html}</div>', chunk))
    return parts


def _words(html: str) -> int:
    """About how many words: the spaces between them (quick, and the same on every machine)."""
    return html.count(" ")


def _chunks(sections: list[tuple[str, str]], chunk_words: int) -> list[list[tuple[str | None, str]]]:
    """A story's sections, (id, html), as chunks of pieces: whole sections, and, where a
    section is itself too long, the scenes it is cut into (those pieces carry no id of
    the story's: they are not in the contents)."""
    if chunk_words <= 0 or sum(_words(html) for _, html in sections) < 2 * chunk_words:
        return [list(sections)]
    pieces: list[tuple[str | None, str]] = []
    for section_id, html in sections:
        scenes = _cut_evenly(_scenes(section_id, html), chunk_words)
        pieces += [(section_id if k == 0 else None, scene) for k, scene in enumerate(_join_scenes(section_id, html,
                                                                                                   scenes))]
    return _cut_evenly(pieces, chunk_words, words=lambda piece: _words(piece[1]))


def _cut_evenly(pieces: list, chunk_words: int, words: Callable[[Any], int] | None = None) -> list[list]:
    """Consecutive pieces grouped into `total // chunk_words` runs of about equal length
    (one run when there are fewer words than two chunks): a run ends at the first piece
    that reaches its share."""
    count = words or _words
    sizes = [count(piece) for piece in pieces]
    total = sum(sizes)
    runs = max(1, total // chunk_words) if total >= 2 * chunk_words else 1
    grouped: list[list] = [[]]
    done = 0
    for piece, size in zip(pieces, sizes):
        if grouped[-1] and done >= total * len(grouped) / runs:
            grouped.append([])
        grouped[-1].append(piece)
        done += size
    return grouped


def _scenes(section_id: str, html: str) -> list[str]:
    """A section's inner HTML cut at the scene breaks between its own blocks (the
    breaks themselves dropped), or the whole section when it has none."""
    if _SCENE_BREAK not in html:
        return [html]
    opening, _, inner = html.partition(">")
    assert inner.endswith("</section>"), section_id
    inner = inner[: -len("</section>")]
    runs, start, depth = [], 0, 0
    for match in _NESTING.finditer(inner):
        if match.group(0).startswith("\n"):
            if depth == 0:
                runs.append(inner[start : match.start()])
                start = match.end()
        else:
            depth += -1 if match.group(1) else 1
    runs.append(inner[start:])
    return runs if len(runs) > 1 else [html]


def _join_scenes(section_id: str, html: str, scenes: list[list[str]]) -> list[str]:
    """Runs of scenes back into sections: the first keeps the section's own opening tag;
    each later one opens with its scene break, so the page that opens its chunk shows
    the change of scene, and has an id of its own (a page is found blank by having no
    element with an id on it: see pdf_parts.render_part)."""
    if len(scenes) == 1 and len(scenes[0]) == 1 and scenes[0][0] is html:
        return [html]
    opening = html.partition(">")[0] + ">"
    joiner = "\n" + _SCENE_BREAK + "\n"
    out = [opening + joiner.join(scenes[0]) + "</section>"]
    for k, scene in enumerate(scenes[1:], 2):
        out.append(f'<section id="{section_id}-scenes-{k}" class="scenes">{_SCENE_BREAK}\n'
                   + joiner.join(scene) + "</section>")
    return out


def _part_name(part: _StoryPart) -> str:
    return f"story {part.number}" if part.chunk == 1 else f"story {part.number}, part {part.chunk}"


def _language(story: Story, book: Book) -> str:
    return language_tag(story.meta.language) or book.meta.language


# A story shorter than this (a short story, by the usual count of prize committees and
# magazines) bound alone is a chapbook: it opens on its title page, with no half title
# before it, so that a few pages of story are not preceded by as many of front matter.
SHORT_STORY_WORDS = 7_500


def has_half_title(book: Book) -> bool:
    """Whether the printed book opens on a half title: an anthology, or one story long
    enough to be a book of its own."""
    return len(book.stories) > 1 or sum(count_words(story.blocks) for story in book.stories) >= SHORT_STORY_WORDS


def _misplaced(leaves: list[Leaf], geometry: PageGeometry) -> dict[int, float]:
    """Leaf -> the distance (points, + to the right) its text moves so that its gutter is on the
    inside: WeasyPrint lays every part out from a right-hand page, gutter on the left."""
    gutter = points(geometry.inside - geometry.outside)
    moved = {}
    for number, leaf in enumerate(leaves):
        if leaf.part is None or leaf.page is None:
            continue
        laid_out = _side(leaf.page)
        if leaf.side != laid_out:
            moved[number] = -gutter if leaf.side == "verso" else gutter
    return moved


def _pages_if_opening_right(leaves: list[Leaf], front_openers: set[int]) -> int:
    """How many pages the book would have if every story part and front-matter section opened
    on a right-hand page, a blank before it where needed: what opening on either page saved."""
    count = 0
    for number, leaf in enumerate(leaves):
        opens = number in front_openers or (leaf.part is not None and leaf.page == 0)
        count += 1 + (opens and count % 2 == 1)
    return count + count % 2  # a book ends on a left-hand page


def _typeset_cover(book: Book) -> str:
    # A zine without a cover picture opens on its title and byline set large, as a zine maker
    # would letter a cover, rather than on a half title with a blank page behind it.
    authors = {xhtml.byline(story) for story in book.stories} - {None}
    if book.meta.compiler:
        byline: str | None = f"compiled by {book.meta.compiler}"
    else:
        byline = authors.pop() if len(authors) == 1 else None  # one author: theirs; several: the contents says
    credit = f'<p class="typeset-cover-byline">{xhtml.escape(byline)}</p>' if byline else ""
    return (
        '<section id="half-title" class="typeset-cover">'
        f'<p class="typeset-cover-title">{xhtml.escape(book.meta.title)}</p>{credit}</section>\n'
    )


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
    byline = xhtml.byline(book.stories[0]) if len(book.stories) == 1 else None
    return byline or book.meta.title


def _add_story_leaves(leaves: list[Leaf], starts: dict[str, int], book: Book, part: _StoryPart, index: int,
                      done: RenderedPart, compact: bool, pad: bool = True) -> None:
    """Add to the body's pages so far (from page 1) those of one more story part (the
    `index`th of the book's parts), and the pages its sections open on."""
    if len(leaves) % 2 and pad:
        leaves.append(Leaf(None, None, "verso"))  # each story opens on a recto
    first = len(leaves)
    for section_id in part.section_ids:
        if section_id in done.starts:
            starts[section_id] = first + done.starts[section_id]
    openers = set(done.starts.values())
    recto_head = part.story.meta.title or book.meta.title
    verso_head = _verso_head(book)
    for page in range(done.page_count):
        side = _side(len(leaves))
        if page in done.blank_pages:
            leaves.append(Leaf(None, None, side))
            continue
        # No head on a page that opens a story or a chapter: its title is there already.
        head = None if page in openers or compact else (verso_head if side == "verso" else recto_head)
        leaves.append(Leaf(index, page, side, folio=str(len(leaves) + 1), head=head))


class _Schedule:
    """What follows from each laid-out part (RenderParts' `more`): the furniture of the
    body pages known for good, then the front matter, then the front matter's folios.

    The body's pages are known for good up to the first story part not laid out yet.
    Their furniture is cut into documents at part boundaries once a document has
    `FURNITURE_PAGES` pages (and at the end of the body): a rule on page counts alone,
    so the book is cut the same way whatever order the parts come in, on however many
    cores."""

    def __init__(self, book: Book, stories: list[_StoryPart], body_jobs: list[PartJob], compact: bool, pad: bool,
                 first_part: int, furnish: Callable[[list[Leaf], str], list[tuple[PartJob, list[int]]]],
                 front_job: Callable[[list[Leaf], dict[str, int]], PartJob] | None) -> None:
        self.book, self.stories, self.compact = book, stories, compact
        self.pad = pad  # a blank left-hand page before a part that would open on one
        self.first_part, self.furnish, self.front_job = first_part, furnish, front_job
        self.body_index = {id(job): k for k, job in enumerate(body_jobs)}
        self.body: list[RenderedPart | None] = [None] * len(body_jobs)
        self.known = 0  # story parts whose pages are in `leaves`
        self.leaves: list[Leaf] = []
        self.starts: dict[str, int] = {}
        self.unfurnished = 0  # the first body leaf whose furniture is not asked for yet
        self.owners: dict[int, list[int]] = {}  # id(furniture job) -> the leaf each of its pages goes on
        self.front: RenderedPart | None = None
        self.front_leaves: list[Leaf] = []
        self.front_starts: dict[str, int] = {}
        self.done: dict[int, RenderedPart] = {}  # id(job) -> a furniture part
        self.furniture_jobs: list[tuple[str, PartJob]] = []

    def opening(self) -> list[PartJob]:
        """Jobs that need no story laid out: the front matter of a book without stories."""
        return self._advance() if not self.body else []

    def more(self, job: PartJob, part: RenderedPart) -> list[PartJob]:
        key = id(job)
        if key in self.body_index:
            self.body[self.body_index[key]] = part
            return self._advance()
        if key in self.owners:
            self.done[key] = part
            return []
        # The front matter: its pages are known, so its folios can be laid out.
        self.front = part
        self.front_leaves, self.front_starts = _front_leaves(part, self.pad)
        return self._furniture("front", self.front_leaves, 0, "folios of the front matter")

    def _advance(self) -> list[PartJob]:
        jobs: list[PartJob] = []
        while self.known < len(self.body) and (laid_out := self.body[self.known]) is not None:
            _add_story_leaves(self.leaves, self.starts, self.book, self.stories[self.known],
                              self.first_part + self.known, laid_out, self.compact, self.pad)
            self.known += 1
            waiting = sum(leaf.furnished for leaf in self.leaves[self.unfurnished:])
            if waiting >= FURNITURE_PAGES or (self.known == len(self.body) and waiting):
                start, self.unfurnished = self.unfurnished, len(self.leaves)
                jobs += self._furniture("body", self.leaves[start:], start,
                                        f"running heads and folios, pages {start + 1}–{len(self.leaves)}")
        if self.known == len(self.body) and self.front_job is not None:
            jobs.append(self.front_job(self.leaves, self.starts))
            self.front_job = None
        return jobs

    def _furniture(self, role: str, leaves: list[Leaf], start: int, name: str) -> list[PartJob]:
        jobs = []
        for job, owners in self.furnish(leaves, name):
            self.owners[id(job)] = [start + owner for owner in owners]
            self.furniture_jobs.append((role, job))
            jobs.append(job)
        return jobs

    def finish(self, rendered: list[RenderedPart]) -> None:
        """Check that RenderParts handed every part it `rendered` to `more`."""
        missing = [f"story part {k + 1}" for k, part in enumerate(self.body) if part is None]
        missing += [job.name for _, job in self.furniture_jobs if id(job) not in self.done]
        missing += ["front matter"] if self.front_job is not None else []
        if missing or len(rendered) != len(self.body) + len(self.done) + (self.front is not None):
            raise RuntimeError(f"PDF parts not laid out: {', '.join(missing) or 'some'}")

    def furniture(self, role: str) -> list[tuple[RenderedPart, list[int]]]:
        return [(self.done[id(job)], self.owners[id(job)]) for kind, job in self.furniture_jobs if kind == role]


def _front_leaves(front: RenderedPart, pad: bool = True) -> tuple[list[Leaf], dict[str, int]]:
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
    if len(leaves) % 2 and pad:
        leaves.append(Leaf(None, None, "verso"))  # the body opens on a recto
    return leaves, dict(front.starts)


def _bookmarks(book: Book, stories: list[_StoryPart], front_sections: list[xhtml.Section],
               titles: dict[str, str], starts: dict[str, int], cover: bool = False) -> list[Bookmark]:
    """The outline: the cover, the front matter's sections a reader looks for, then each
    story with its chapters."""
    from .join import Bookmark

    marks = [Bookmark("Cover", 0)] if cover else []
    marks += [Bookmark(s.title, starts[s.id]) for s in front_sections if s.id not in _DISPLAY_PAGES and s.id in starts]
    for number in dict.fromkeys(part.number for part in stories):
        story_id = xhtml.story_id(number)
        if story_id not in starts:
            continue
        chapters = [sid for part in stories if part.number == number for sid in part.section_ids if sid != story_id]
        mark = Bookmark(titles[story_id], starts[story_id])
        mark.children = [Bookmark(titles[c], starts[c]) for c in chapters if c in starts]
        marks.append(mark)
    return marks


def _page_labels(cover_leaves: int, front_leaves: int) -> list[PageLabelRange]:
    """The labels a viewer's page box shows: the cover and its back by name, then the
    folios' numbers (roman in the front matter, arabic from 1 in the body)."""
    from .join import PageLabelRange

    names = ["Cover", "Inside cover"][:cover_leaves]
    labels = [PageLabelRange(leaf, "", prefix=name) for leaf, name in enumerate(names)]
    if front_leaves:
        labels.append(PageLabelRange(cover_leaves, "r"))
    labels.append(PageLabelRange(cover_leaves + front_leaves, "D"))
    return labels


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _document_info(book: Book, modified: datetime) -> DocumentInfo:
    from .join import DocumentInfo

    fandoms = _unique([f for s in book.stories for f in s.meta.fandoms])
    tags = _unique(fandoms + [t for s in book.stories
                              for t in (*s.meta.relationships, *s.meta.characters, *s.meta.tags)])
    subject = book.meta.description or (f"Fan fiction: {', '.join(fandoms)}" if fandoms else "Fan fiction")
    return DocumentInfo(
        title=book.meta.title,
        author=catalogue.author_line(book),  # the EPUB's authors, or its compiler
        subject=subject,
        keywords=", ".join(tags) or None,
        language=book.meta.language,
        creator=f"ficbind {__version__}",
        moment=modified,
    )


def _report_fonts(setting: _Setting, parts: list[RenderedPart], book: Book, warn: Warn) -> None:
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
            f"{'they are' if len(boxes) > 1 else 'it is'} printed as empty boxes{_where(boxes, setting, book)}. "
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
        + _where(set(missing), setting, book)
        + ". The printed glyphs may not match the book face."
    )


# The shipped fallbacks' names as fonts name themselves inside a PDF (`NotoEmoji-Regular`).
_SHIPPED_FALLBACK_PREFIXES = ("NotoSans", "NotoSerif", "NotoNaskh", "NotoEmoji")


def _where(characters: set[str], setting: _Setting, book: Book) -> str:
    """` — in stories/a.txt, stories/b.txt`: the stories holding any of the characters."""
    where = [
        f"{story.path}" for number, story in enumerate(book.stories, 1)
        if characters & setting.characters.get(f"story {number}", set())
    ]
    return f" — in {', '.join(where)}" if where else ""
