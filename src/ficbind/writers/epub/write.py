"""Write a `Book` as an EPUB 3 file (with an EPUB 2 NCX for older readers), using ebooklib.

Book -> bytes. The XHTML comes from xhtml.py; ebooklib assembles the package, the
nav document and the NCX, written into a zip with fixed entry order, timestamps and
modes, so the same book always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from ebooklib import epub

from ...model import Book, Heading, SceneBreak, Story
from ...runtime import resources
from .. import WriteContext, catalogue, xhtml

STYLESHEET = "styles/book.css"

# EPUB Accessibility 1.1 at WCAG 2 level AA: claimed (`dcterms:conformsTo`) only for a
# book that meets it, which DAISY Ace checks in the tests; every image must have a text
# alternative (the cover's names the title).
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')


def _described(html: str) -> bool:
    """Whether every image in `html` has a non-empty text alternative."""
    return all((alt := _ALT.search(tag)) and alt.group(1).strip() for tag in _IMAGE.findall(html))


def accessibility(book: Book, sections: list[xhtml.Section], cover: bool) -> list[tuple[str, str]]:
    """The book's accessibility metadata (`schema:` properties, and the conformance
    claim when it holds), stating only what is true of this book. `sections` are the
    book's own pages, without the cover's."""
    pictures = any(_IMAGE.search(section.html) for section in sections)
    described = all(_described(section.html) for section in sections)
    chapters = any(isinstance(b, Heading) and b.level == 1 for story in book.stories for b in story.blocks)
    breaks = any(isinstance(b, SceneBreak) for story in book.stories for b in story.blocks)
    kind = "An anthology" if len(book.stories) > 1 else "A story"
    headings = "a heading for every story" if len(book.stories) > 1 else "a heading for the story"
    headings += " and every chapter" if chapters else ""
    summary = f"{kind} in text, with a navigable table of contents and {headings}"
    summary += ", and scene breaks marked as separators." if breaks else "."
    if pictures:
        summary += " Its pictures have alternative text." if described else " Some pictures have no text alternative."
    if cover:
        summary += (" The cover has" if pictures else " The only image is the cover, which has")
        summary += " alternative text giving the title."
    summary += " No media or scripts." if pictures or cover else " No images, media or scripts."
    metadata = [("schema:accessMode", "textual")]
    if pictures or cover:
        metadata.append(("schema:accessMode", "visual"))
    metadata.append(("schema:accessModeSufficient", "textual" if described else "textual,visual"))
    metadata += [("schema:accessibilityFeature", feature) for feature in
                 ("structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability")]
    if (pictures or cover) and described:
        metadata.append(("schema:accessibilityFeature", "alternativeText"))
    metadata += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)]
    if described:
        metadata.append(("dcterms:conformsTo", CONFORMANCE))
    return metadata


COVER_IMAGE = "images/cover.jpg"


def _file_name(section_id: str) -> str:
    return f"text/{section_id}.xhtml"


def _text(value: str, fallback: str = "Untitled") -> str:
    """A string for ebooklib's package, nav and NCX (built with lxml, which refuses
    control characters), never empty."""
    return xhtml.xml_text(value).strip() or fallback


def story_files(story: Story, number: int) -> list[xhtml.Section]:
    """A story's files as e-readers want them: its title page apart, no file too large."""
    return xhtml.story_sections(story, number, preface_apart=True, file_size=xhtml.EREADER_FILE_SIZE)


def _cover_section(book: Book) -> xhtml.Section:
    alt = xhtml.escape(f"Cover: {book.meta.title}")
    html = f'<section id="cover" class="cover" epub:type="cover"><img src="../{COVER_IMAGE}" alt="{alt}"/></section>'
    return xhtml.Section("cover", "Cover", "cover", html, landmark="cover", front_matter=True)


def book_identifier(book: Book, sections: list[xhtml.Section]) -> str:
    """A stable identifier derived from the content: the same book keeps its id, so a
    reader replaces the old copy instead of showing two."""
    digest = hashlib.sha256(_text(book.meta.title).encode())
    for section in sections:
        digest.update(section.html.encode())
    return f"urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}"


class _Zip:
    """The EPUB's zip as ebooklib's writer fills it, made the same for the same book:
    `mimetype` first and stored, every other entry deflated at level 9, fixed
    timestamps and modes. ebooklib writes its entries straight into it; an earlier
    version let ebooklib write a zip of its own and copied it, which held the book
    twice over at the end of the build (the 1M-word anthology's peak memory)."""

    def __init__(self, target: zipfile.ZipFile, stamp: datetime) -> None:
        self.target = target
        self.date_time = max(stamp, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.external_attr = 0o644 << 16
        info.create_system = 3  # unix, whatever the build machine
        stored = name == "mimetype"
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        self.target.writestr(info, data, compresslevel=None if stored else 9)


class _Writer(epub.EpubWriter):
    """ebooklib's writer with its zip replaced by `_Zip`, entries in ebooklib's order, and
    the book's language on the package element itself (`xml:lang`), which DAISY Ace
    requires and Kindle's converter reads first."""

    def __init__(self, out: io.BytesIO, book: epub.EpubBook, options: dict, stamp: datetime) -> None:
        super().__init__(out, book, options)
        self.stamp = stamp

    def write(self) -> None:
        with zipfile.ZipFile(self.file_name, "w") as target:
            self.out = _Zip(target, self.stamp)
            self.out.writestr("mimetype", "application/epub+zip")
            self._write_container()
            self._write_opf()
            self._write_items()

    def _write_opf_file(self, root) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


class _Document(epub.EpubItem):
    """A content document turned into its XHTML bytes only when the zip takes it, so the
    whole book is never held as bytes beside its sections' text."""

    def __init__(self, section: xhtml.Section, language: str, kepub: bool) -> None:
        super().__init__(uid=section.id, file_name=_file_name(section.id), media_type="application/xhtml+xml")
        self.section, self.language, self.kepub = section, language, kepub

    def get_content(self, default: bytes | None = None) -> bytes:
        body = self.section.html
        if self.kepub:
            from .kepub import koboize

            body = koboize(body)
        return xhtml.xhtml_document(self.section.title, self.language, body, ["../" + STYLESHEET]).encode("utf-8")


def _add_series(ebook: epub.EpubBook, series: catalogue.Series | None) -> None:
    """The series in EPUB 3's terms (`belongs-to-collection`, with the story's place in
    it), and in Calibre's older meta tags, which Calibre and the AZW3 it converts read."""
    if series is None:
        return
    name = _text(series.name)
    ebook.add_metadata(None, "meta", name, {"property": "belongs-to-collection", "id": "series"})
    ebook.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    if series.position:
        ebook.add_metadata(None, "meta", series.position, {"refines": "#series", "property": "group-position"})
    ebook.add_metadata(None, "meta", "", {"name": "calibre:series", "content": name})
    ebook.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": series.position or "1"})


@dataclass(frozen=True)
class EpubOptions:
    """What the EPUB is asked to be."""

    kepub: bool = False  # every content document with Kobo's sentence spans (kepub.py)
    cover: bytes | None = None  # a JPEG for the e-reader's library (cover.py makes one), or none


def write_epub(book: Book, options: EpubOptions, context: WriteContext) -> bytes:
    """The EPUB file's bytes. The context's `modified` is `dcterms:modified` and every zip
    timestamp; its `pieces` may supply each story's sections (the build's cache)."""
    modified, cover, kepub = context.modified, options.cover, options.kepub
    sections = xhtml.render_book(
        book, href=lambda section_id: f"{section_id}.xhtml",
        render_story=context.pieces.epub_sections if context.pieces else story_files,
    )
    language = book.meta.language

    ebook = epub.EpubBook()
    ebook.set_identifier(book_identifier(book, sections))
    ebook.set_title(_text(book.meta.title))
    ebook.set_language(language)
    for k, creator in enumerate(catalogue.creators(book)):
        name = _text(creator.name, "")
        if name:
            # Written out rather than by ebooklib's add_author, which gives `file-as` the
            # relator scheme too.
            ebook.add_metadata("DC", "creator", name, {"id": f"creator-{k}"})
            ebook.add_metadata(None, "meta", _text(creator.file_as, name),
                               {"refines": f"#creator-{k}", "property": "file-as"})
            ebook.add_metadata(None, "meta", creator.role,
                               {"refines": f"#creator-{k}", "property": "role", "scheme": "marc:relators"})
    # The book's date: what a library shows as published, and a converted book keeps.
    ebook.add_metadata("DC", "date", book.meta.date or modified.date().isoformat())
    if book.meta.description and _text(book.meta.description, ""):
        ebook.add_metadata("DC", "description", _text(book.meta.description))
    # Ties broken by the text itself: a set's order changes from run to run, and
    # `Harbour Lights` and `harbour lights` sort alike by casefold alone.
    subjects = {_text(f) for s in book.stories for f in s.meta.fandoms if _text(f, "")}
    for subject in sorted(subjects, key=lambda f: (f.casefold(), f)):
        ebook.add_metadata("DC", "subject", subject)
    _add_series(ebook, catalogue.series(book))
    for prop, value in accessibility(book, sections, cover=bool(cover)):
        ebook.add_metadata(None, "meta", value, {"property": prop})

    css = epub.EpubItem(
        uid="style", file_name=STYLESHEET, media_type="text/css",
        content=resources.stylesheet("epub.css").encode("utf-8"),
    )
    ebook.add_item(css)
    # Pictures from the stories (fan art in an EPUB input), already re-encoded by the reader.
    for name, picture in xhtml.book_pictures(book).items():
        ebook.add_item(epub.EpubItem(uid=name.rsplit(".", 1)[0], file_name="images/" + name,
                                     media_type=picture.media_type, content=picture.data))

    if cover:
        # The image is declared `cover-image` (and `<meta name="cover">` for older Kindles);
        # its page is the first in the spine and linear, unlike ebooklib's own cover page,
        # which epubcheck rejects.
        ebook.set_cover(COVER_IMAGE, cover, create_page=False)
        sections = [_cover_section(book), *sections]

    items = {}
    for section in sections:
        # a story in another language says so
        item = _Document(section, section.language or language, kepub)
        ebook.add_item(item)
        items[section.id] = item

    toc = []
    for section in sections:
        if section.id in ("title-page", "cover"):
            continue
        if section.front_matter:
            toc.append(epub.Link(_file_name(section.id), _text(section.title), f"nav-{section.id}"))
    for entry in xhtml.contents_entries(book):
        link = epub.Link(_file_name(entry.section_id), _text(entry.label), f"nav-{entry.section_id}")
        if entry.children:
            children = [epub.Link(_file_name(c.section_id), _text(c.label), f"nav-{c.section_id}")
                        for c in entry.children]
            toc.append((epub.Section(_text(entry.label), href=_file_name(entry.section_id)), children))
        else:
            toc.append(link)
    ebook.toc = toc
    ebook.guide = [
        {"type": s.landmark if s.landmark != "bodymatter" else "text", "href": _file_name(s.id),
         "title": _text(s.title)}
        for s in sections
        if s.landmark
    ]
    ebook.add_item(epub.EpubNcx())
    nav = epub.EpubNav()
    ebook.add_item(nav)
    ebook.spine = [items[s.id] for s in sections]

    out = io.BytesIO()
    writer = _Writer(out, ebook, {"mtime": modified, "play_order": {"enabled": True, "start_from": 1},
                                  "epub3_landmark": True, "landmark_title": "Landmarks"}, modified)
    writer.process()
    writer.write()
    return out.getvalue()
