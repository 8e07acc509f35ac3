"""The EPUB of the sample anthology: valid by the real epubcheck, complete, reproducible."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from conftest import SAMPLES, SEEDS, epubcheck_problems, run_ficbind

EPUB_NAME = "echoes-and-goodbyes.epub"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


def _opf(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def test_sample_epub_passes_epubcheck_with_no_errors_or_warnings(sample_build):
    assert epubcheck_problems(sample_build / EPUB_NAME) == []


def test_sample_epub_metadata(sample_build):
    opf = _opf(sample_build / EPUB_NAME)
    meta = opf.find("opf:metadata", NS)
    assert meta.findtext("dc:title", namespaces=NS) == "Echoes and Goodbyes"
    assert meta.findtext("dc:creator", namespaces=NS) == "A Reader"
    assert meta.findtext("dc:language", namespaces=NS) == "en"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", meta.findtext("dc:identifier", namespaces=NS))
    # the manifest's date stands in for the build time, so rebuilds are identical
    modified = meta.xpath("opf:meta[@property='dcterms:modified']/text()", namespaces=NS)
    assert modified == ["2026-11-21T00:00:00Z"]
    properties = meta.xpath("opf:meta/@property", namespaces=NS)
    for needed in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                   "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert needed in properties


def test_sample_epub_structure(sample_build):
    with zipfile.ZipFile(sample_build / EPUB_NAME) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        spine = [el.get("idref") for el in _opf(sample_build / EPUB_NAME).find("opf:spine", NS)]
        # The front matter in the order of a printed book (the PDF's). A story's title page
        # with a summary or notes is a file of its own (e-ink readers ignore CSS page breaks),
        # its text the next; the fourth story's title page holds only its title and word
        # count, and heads its text.
        assert spine == ["cover", "title-page", "credits", "contents"] + [
            f"story-0{n}{part}" for n in range(1, 4) for part in ("", "-text")
        ] + ["story-04"]
        types = {}
        for idref in spine:
            doc = archive.read(f"EPUB/text/{idref}.xhtml")
            assert doc.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
            root = etree.fromstring(doc)
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
            types[idref] = root.find(".//x:body/x:section", NS).get(f"{{{NS['epub']}}}type")
        assert types["title-page"] == "titlepage"
        assert types["contents"] == "toc"
        assert all(types[idref] == "chapter" for idref in spine if idref.startswith("story-"))
        ncx = etree.fromstring(archive.read("EPUB/toc.ncx"))
        points = ncx.findall(".//ncx:navPoint", NS)
        assert [p.get("playOrder") for p in points] == [str(n) for n in range(1, len(points) + 1)]
        labels = [p.findtext("ncx:navLabel/ncx:text", namespaces=NS) for p in points]
        assert "A Little Bit of Goodbye" in labels
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        assert nav.xpath("//x:nav[@epub:type='landmarks']", namespaces=NS)


def test_every_story_opens_in_its_own_section(sample_build):
    with zipfile.ZipFile(sample_build / EPUB_NAME) as archive:
        story_texts = [archive.read(f"EPUB/text/story-0{n}-text.xhtml").decode() for n in range(1, 4)]
        story_texts.append(archive.read("EPUB/text/story-04.xhtml").decode())  # its title page heads it
    assert "I want you to go and be happy and not come back." in story_texts[0]
    assert "He finds himself in the park." in story_texts[1]
    assert "You manage—somehow—to wait" in story_texts[2]
    assert "She was gone." in story_texts[3]


def test_rebuilding_gives_identical_bytes(sample_build, tmp_path):
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(tmp_path), "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / EPUB_NAME).read_bytes() == (sample_build / EPUB_NAME).read_bytes()


def test_source_date_epoch_sets_the_modified_date(tmp_path):
    import os

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = run_ficbind("build", str(SEEDS / "003_f02dbb8e11e29218.txt"), "-o", str(tmp_path), "-f", "epub", env=env)
    assert result.returncode == 0, result.stderr
    (epub,) = tmp_path.glob("*.epub")
    assert epub.name == "a-little-bit-of-goodbye.epub"
    modified = _opf(epub).xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS)
    assert modified == ["2023-11-14T22:13:20Z"]
    with zipfile.ZipFile(epub) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_a_long_story_without_chapters_is_split_into_files_readers_can_handle(tmp_path):
    from ficbind.writers.xhtml import EREADER_FILE_SIZE

    paragraph = "The lamps along the quay were lit one by one, and she counted them under her breath. " * 6
    story = tmp_path / "long-night.txt"
    story.write_text("Title: The Long Night\n\n" + "\n\n".join(f"{k}. {paragraph}" for k in range(1200)) + "\n",
                     encoding="utf-8")
    result = run_ficbind("build", str(story), "-o", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    epub = tmp_path / "out" / "the-long-night.epub"
    with zipfile.ZipFile(epub) as archive:
        # A title page of one line heads the text (preface_stands_apart), so the story's
        # files are story-01.xhtml, story-01-2.xhtml…
        parts = [n for n in archive.namelist() if n.startswith("EPUB/text/story-01")]
        assert len(parts) >= 3
        assert all(archive.getinfo(n).file_size <= EREADER_FILE_SIZE + 2000 for n in parts)
        texts = {n: archive.read(n).decode() for n in parts}
    # the text carries on from file to file: every numbered paragraph is there once
    joined = "".join(texts.values())
    assert all(joined.count(f"<p>{k}. The lamps") == 1 for k in range(1200))
    assert 'class="story continued"' in texts["EPUB/text/story-01-2.xhtml"]
    assert epubcheck_problems(epub) == []
