"""Write a `Book` as an EPUB 3 file (with an EPUB 2 NCX for older readers), using ebooklib.

Book -> bytes. The XHTML comes from xhtml.py; ebooklib assembles the package, the
nav document and the NCX, written into a zip with fixed entry order, timestamps and
modes, so the same book always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from ebooklib import epub

from ...model import Book, Story
from ...runtime import resources
from .. import WriteContext, xhtml

STYLESHEET = "styles/book.css"

# Fanworks are text-only books: these are true of every book ficbind writes.
_ACCESSIBILITY = [
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "Text-only anthology with a navigable table of contents, headings for every story and "
        "chapter, and scene breaks marked as separators. No images, media or scripts.",
    ),
]
# With a cover, the book has one image, described by its alternative text.
_ACCESSIBILITY_WITH_COVER = [
    (prop, value) for prop, value in _ACCESSIBILITY if prop != "schema:accessibilitySummary"
] + [
    ("schema:accessMode", "visual"),
    ("schema:accessibilityFeature", "alternativeText"),
    (
        "schema:accessibilitySummary",
        "Anthology of text with a navigable table of contents, headings for every story and chapter, "
        "and scene breaks marked as separators. The only image is the cover, which has alternative text "
        "giving the title. No media or scripts.",
    ),
]
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
    """ebooklib's writer with its zip replaced by `_Zip`, entries in ebooklib's order."""

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
    authors: list[str] = []
    for story in book.stories:
        for name in story.meta.authors:
            if _text(name, "") and _text(name) not in authors:
                authors.append(_text(name))
    if book.meta.compiler:
        ebook.add_author(_text(book.meta.compiler, "Anonymous"), role="com", uid="compiler")
        for k, name in enumerate(authors):
            ebook.add_metadata("DC", "contributor", name, {"id": f"contributor-{k}"})
    else:
        for k, name in enumerate(authors or ["Anonymous"]):
            ebook.add_author(name, role="aut", uid=f"creator-{k}")
    if book.meta.description and _text(book.meta.description, ""):
        ebook.add_metadata("DC", "description", _text(book.meta.description))
    # Ties broken by the text itself: a set's order changes from run to run, and
    # `Harbour Lights` and `harbour lights` sort alike by casefold alone.
    subjects = {_text(f) for s in book.stories for f in s.meta.fandoms if _text(f, "")}
    for subject in sorted(subjects, key=lambda f: (f.casefold(), f)):
        ebook.add_metadata("DC", "subject", subject)
    for prop, value in _ACCESSIBILITY_WITH_COVER if cover else _ACCESSIBILITY:
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
        {"type": s.landmark if s.landmark != "bodymatter" else "text", "href": _file_name(s.id), "title": _text(s.title)}
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
