"""The contents page is there when it has something to list: several stories, or a story
in chapters. One story without chapters would list only itself, so it gets none, in the
PDF and in the EPUB (whose nav document and NCX, which reading systems need, stay)."""

from __future__ import annotations

import copy
import zipfile
from datetime import UTC, datetime

import pytest
from lxml import etree

from ficbind.model import Heading, Text
from ficbind.writers.epub.write import EpubOptions, write_epub
from ficbind.writers.pdf.write import PdfOptions, write_pdf

from conftest import epubcheck_many, write_context
from printbook import outline, page_labels, page_text, prose, tiny_book

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "ncx": "http://www.daisy.org/z3986/2005/ncx/"}


def one_story():
    return tiny_book()


def one_story_in_chapters():
    book = tiny_book()
    book.stories[0].blocks = [Heading(1, [Text("Dusk")]), *prose(2, 1), Heading(1, [Text("Dawn")]), *prose(2, 2)]
    return book


def two_stories():
    book = tiny_book()
    second = copy.deepcopy(book.stories[0])
    second.meta.title, second.path = "Later Hours", "later.txt"
    book.stories.append(second)
    return book


BOOKS = {"one story": one_story, "one story in chapters": one_story_in_chapters, "two stories": two_stories}


def _each_book(folder, suffix: str, write) -> dict:
    """Every book of BOOKS written into `folder` by `write`, by name."""
    paths = {}
    for name, make in BOOKS.items():
        paths[name] = folder / f"{name.replace(' ', '-')}{suffix}"
        paths[name].write_bytes(write(make()))
    return paths


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    return _each_book(tmp_path_factory.mktemp("contents-pdf"), ".pdf", lambda book: write_pdf(book, PdfOptions(), write_context(MOMENT)))


@pytest.fixture(scope="module")
def epubs(tmp_path_factory):
    return _each_book(tmp_path_factory.mktemp("contents-epub"), ".epub", lambda book: write_epub(book, EpubOptions(), write_context(MOMENT)))


def _pages(path) -> list[str]:
    return [page_text(path, number) for number in range(1, len(page_labels(path)) + 1)]


def test_one_story_without_chapters_has_no_contents_page_in_the_pdf(pdfs):
    path = pdfs["one story"]
    assert [title for title, _, _ in outline(path)] == ["Credits", "Small Hours"]
    assert not any("Contents" in text for text in _pages(path))
    # A short story bound alone: its title page, the credits on its back, then the story
    # on page 1 (no half title, no blank pages).
    labels = page_labels(path)
    assert labels[:3] == ["i", "ii", "1"]
    assert "Credits" in page_text(path, 2) and "Small Hours" in page_text(path, 3)


@pytest.mark.parametrize("name", ["one story in chapters", "two stories"])
def test_chapters_or_a_second_story_keep_the_contents_page_in_the_pdf(pdfs, name):
    marks = outline(pdfs[name])
    assert [title for title, _, _ in marks][:2] == ["Credits", "Contents"]  # the EPUB's order too
    contents = next(page for title, page, _ in marks if title == "Contents")
    listed = page_text(pdfs[name], contents + 1)
    expected = ["Dusk", "Dawn"] if name == "one story in chapters" else ["Small Hours", "Later Hours"]
    assert all(entry in listed for entry in expected)
    # The credits on the title page's back, the contents on the next recto with a blank back;
    # an anthology opens on a half title (and its blank back) before them.
    first_story_page = 4 if name == "one story in chapters" else 6
    assert page_labels(pdfs[name])[first_story_page] == "1"


def _epub_file(epub, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read(f"EPUB/{name}"))


def test_one_story_without_chapters_has_no_contents_page_in_the_epub_but_keeps_its_nav(epubs):
    epub = epubs["one story"]
    with zipfile.ZipFile(epub) as archive:
        assert "EPUB/text/contents.xhtml" not in archive.namelist()
    opf = _epub_file(epub, "content.opf")
    spine = [item.get("idref") for item in opf.find("opf:spine", NS)]
    # The story's own title page (its title, byline and word count) heads its text.
    assert spine == ["title-page", "credits", "story-01"]
    nav = _epub_file(epub, "nav.xhtml")
    # The reading system's own contents (nav and NCX) still take the reader to the story.
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:a/text()", namespaces=NS)
    assert toc == ["Credits", "Small Hours"]
    ncx = _epub_file(epub, "toc.ncx")
    assert ncx.xpath("//ncx:navLabel/ncx:text/text()", namespaces=NS) == ["Credits", "Small Hours"]
    # No landmark points at a contents page that is not there.
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert "toc" not in landmarks and "bodymatter" in landmarks


@pytest.mark.parametrize("name", ["one story in chapters", "two stories"])
def test_chapters_or_a_second_story_keep_the_contents_page_in_the_epub(epubs, name):
    opf = _epub_file(epubs[name], "content.opf")
    assert [item.get("idref") for item in opf.find("opf:spine", NS)][:3] == ["title-page", "credits", "contents"]
    nav = _epub_file(epubs[name], "nav.xhtml")
    assert "toc" in nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)


def test_every_one_passes_epubcheck(epubs, tmp_path):
    problems = epubcheck_many(list(epubs.values()), tmp_path)
    assert problems == {path: [] for path in epubs.values()}
