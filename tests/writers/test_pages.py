"""The book's own pages and each story's title page, in the EPUB and the PDF.

One book is built from every header style in inputs/headers/ and the four seeds, with a
manifest entry that overrides fields: it has chapters, notes of every kind, unknown
header fields and every page ficbind writes. epubcheck must find nothing in it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from ficbind.model import Epigraph, Field, Paragraph, Story, StoryMeta, Text
from ficbind.writers import xhtml

from conftest import INPUTS, SEEDS, epubcheck_problems, run_ficbind

HEADERS = INPUTS / "headers"
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "opf": "http://www.idpf.org/2007/opf",
}
ORDER = [
    "ao3-chapters.txt", "chapters-numbered.txt", "chapters-parts.txt", "ao3-page-copy.txt", "front-matter.md",
    "typo-labels.txt", "markdown-headings.md", "the-end-then-notes.txt",
]


def _manifest(tmp: Path, extra_output: str = "") -> Path:
    entries = [f'[[story]]\npath = "{HEADERS / name}"\n' for name in ORDER]
    entries += [f'[[story]]\npath = "{path}"\n' for path in sorted(SEEDS.glob("*.txt"))]
    # an override: the manifest entry wins over the header
    entries.append(
        f'[[story]]\npath = "{HEADERS / "key-pipe.txt"}"\ntitle = "Paper Boats (revised)"\n'
        'authors = ["inkwell_and_ash", "a friend"]\nrating = "General Audiences"\n'
        'summary = "A new summary.\\n\\nIn two paragraphs."\nsource = "https://example.org/paper-boats"\n'
    )
    text = (
        '[book]\ntitle = "Every Page"\nauthor = "A Compiler"\nlanguage = "en"\ndate = "2026-01-02"\n\n'
        + "\n".join(entries)
        + f'\n[output]\nname = "every-page"\n{extra_output}'
    )
    path = tmp / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def every_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("every-page")
    result = run_ficbind("build", str(_manifest(out)), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _xhtml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read(f"EPUB/{name}"))


def _text(element: etree._Element) -> str:
    """The words of an element, each text node apart (as a reader sees separate lines)."""
    return " ".join(" ".join(t.split()) for t in element.itertext() if t.strip())


def _spine(epub: Path) -> list[str]:
    opf = _xhtml(epub, "content.opf")
    return [item.get("idref") for item in opf.find("opf:spine", NS)]


def test_the_book_with_chapters_and_every_page_kind_passes_epubcheck(every_page):
    assert epubcheck_problems(every_page / "every-page.epub") == []


def test_chapters_are_nested_under_their_story_in_the_nav_and_the_ncx(every_page):
    epub = every_page / "every-page.epub"
    nav = _xhtml(epub, "nav.xhtml")
    story = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li[x:a='The Inland Sea']", namespaces=NS)[0]
    assert [_text(a) for a in story.xpath("x:ol/x:li/x:a", namespaces=NS)] == [
        "Chapter 1: The Commission", "Chapter 2: The Shore"]
    parts = nav.xpath("//x:li[x:a='Harbour Songs']/x:ol/x:li/x:a", namespaces=NS)
    assert [_text(a) for a in parts] == ["Prologue", "Part 1", "Part Two: The Storm", "Epilogue"]
    ncx = _xhtml(epub, "toc.ncx")
    point = ncx.xpath("//ncx:navMap/ncx:navPoint[ncx:navLabel/ncx:text='A Year at Thornfield Cross']",
                      namespaces=NS)[0]
    children = point.xpath("ncx:navPoint/ncx:navLabel/ncx:text/text()", namespaces=NS)
    assert children == ["Chapter 1: Ashes", "Chapter Two: The First Winter", "Chapter 3: Thaw"]
    orders = [int(p.get("playOrder")) for p in ncx.iter(f"{{{NS['ncx']}}}navPoint")]
    assert orders == list(range(1, len(orders) + 1))
    # each chapter is a spine item of its own, after its story's title page
    spine = _spine(epub)
    assert spine[:7] == ["cover", "title-page", "credits", "contents", "story-01", "story-01-01", "story-01-02"]


def test_book_title_page_contents_and_credits(every_page):
    epub = every_page / "every-page.epub"
    title = _text(_xhtml(epub, "text/title-page.xhtml").find("x:body", NS))
    assert title == "Every Page compiled by A Compiler 2 January 2026"
    contents = _xhtml(epub, "text/contents.xhtml")
    first = contents.xpath("//x:ol[@class='toc']/x:li", namespaces=NS)[0]
    assert _text(first.xpath("x:a", namespaces=NS)[0]) == "The Inland Sea"
    assert _text(first.xpath("x:span[@class='toc-byline']", namespaces=NS)[0]) == "fernweh_writes and quillon"
    assert [_text(a) for a in first.xpath("x:ol/x:li/x:a", namespaces=NS)] == [
        "Chapter 1: The Commission", "Chapter 2: The Shore"]
    credits = [_text(li) for li in _xhtml(epub, "text/credits.xhtml").xpath("//x:li", namespaces=NS)]
    assert "The Inland Sea by fernweh_writes and quillon · Original Work · Archive of Our Own" in credits
    assert "Paper Boats (revised) by inkwell_and_ash and a friend · Original Work · https://example.org/paper-boats" in credits
    assert "A Little Bit of Goodbye" in credits  # no author, fandom or source known: the title alone


def _preface(epub: Path, number: int) -> etree._Element:
    return _xhtml(epub, f"text/story-{number:02d}.xhtml").xpath("//x:header[contains(@class, 'story-preface')]",
                                                                       namespaces=NS)[0]


def _facts(preface: etree._Element) -> list[tuple[str, str]]:
    dts = preface.xpath(".//x:dt", namespaces=NS)
    return [(_text(dt), _text(dt.getnext())) for dt in dts]


def _sections(preface: etree._Element) -> list[str]:
    return [_text(p) for p in preface.xpath(".//x:p[@class='preface-label']", namespaces=NS)]


def test_story_title_page_in_the_spirit_of_ao3s_preface(every_page):
    preface = _preface(every_page / "every-page.epub", 1)
    assert _text(preface.xpath("x:h2", namespaces=NS)[0]) == "The Inland Sea"
    assert _text(preface.xpath("x:p[@class='byline']", namespaces=NS)[0]) == "by fernweh_writes and quillon"
    assert _facts(preface) == [
        ("Rating", "General Audiences"),
        ("Archive warnings", "Creator Chose Not To Use Archive Warnings"),
        ("Fandom", "Original Work"),
        ("Relationships", "Nell/The Cartographer’s Daughter"),
        ("Characters", "Nell, Master Hollis, Wynne Hollis"),
        ("Tags", "Maps, Apprenticeship, Found Family"),
        ("Language", "English"),
        ("Series", "Part 2 of Inland Seas"),
        ("Words", "80 (posted as 260)"),
        ("Published", "2020-03-01"),
        ("Updated", "2020-04-12"),
        ("Chapters", "2/2"),
    ]
    # kudos and hits describe the page the day it was copied: not on a title page
    assert "Kudos" not in _text(preface) and "Hits" not in _text(preface)
    assert _sections(preface) == ["Summary", "Notes"]


def test_empty_fields_are_left_out(every_page):
    preface = _preface(every_page / "every-page.epub", 12)  # seed 003: a title and nothing else
    assert _text(preface) == "A Little Bit of Goodbye Words 1,159"
    assert preface.get("class") == "story-preface opening"  # it heads the story's text
    assert not preface.xpath(".//x:p[@class='byline']", namespaces=NS)
    html = etree.tostring(preface, encoding="unicode")
    assert "<dd/>" not in html and "<dd></dd>" not in html


def test_prompt_with_its_song_credit_and_the_seeds_fields(every_page):
    epub = every_page / "every-page.epub"
    seed000 = _preface(epub, 9)
    assert _facts(seed000) == [("Rating", "PG-13"), ("Relationships", "Alex/Izzie, Alex/Lexie"),
                               ("Words", "523 (posted as 550ish)")]
    assert _sections(seed000) == ["Summary", "Prompt"]
    epigraph = seed000.xpath(".//x:blockquote[@class='epigraph']", namespaces=NS)[0]
    lines = [_text(span) for span in epigraph.xpath(".//x:span[@class='line']", namespaces=NS)]
    assert lines[0] == "Cause I’m fake at the seams," and len(lines) == 6
    assert _text(epigraph.xpath("x:p[@class='credit']", namespaces=NS)[0]) == "“Swans” by Unkle Bob"
    seed001 = _preface(epub, 10)
    assert ("Spoilers", "4x04; ‘the heart of the matter’") in _facts(seed001)
    assert _sections(seed001) == ["Summary", "Written for", "Notes", "Disclaimer"]
    seed002 = _preface(epub, 11)
    assert _sections(seed002) == ["Notes", "Disclaimer"]


def test_unknown_header_fields_are_shown_on_the_title_page(every_page):
    facts = _facts(_preface(every_page / "every-page.epub", 6))  # typo-labels.txt
    assert ("Beta", "the ever-patient sorrel") in facts
    assert ("Song", "“Apple Blossom Time”, hummed badly") in facts or ("Song", '"Apple Blossom Time", hummed badly') in facts


def test_manifest_overrides_win_over_the_header(every_page):
    preface = _preface(every_page / "every-page.epub", 13)
    assert _text(preface.xpath("x:h2", namespaces=NS)[0]) == "Paper Boats (revised)"
    assert _text(preface.xpath("x:p[@class='byline']", namespaces=NS)[0]) == "by inkwell_and_ash and a friend"
    assert ("Rating", "General Audiences") in _facts(preface)
    summary = preface.xpath(".//x:div[contains(@class, 'preface-summary')]/x:p[not(@class)]", namespaces=NS)
    assert [_text(p) for p in summary] == ["A new summary.", "In two paragraphs."]


def test_chapter_pages_notes_and_end_notes(every_page):
    epub = every_page / "every-page.epub"
    chapter = _xhtml(epub, "text/story-01-01.xhtml")
    heading = chapter.xpath("//x:h3[@class='chapter-title']", namespaces=NS)[0]
    assert [_text(s) for s in heading] == ["Chapter 1", "The Commission"]
    notes = [_text(n.xpath("x:p[@class='note-label']", namespaces=NS)[0])
             for n in chapter.xpath("//x:aside[@class='note']", namespaces=NS)]
    assert notes == ["Chapter notes", "Chapter end notes"]
    last = _xhtml(epub, "text/story-01-02.xhtml")
    end = last.xpath("//x:section[@class='end-notes']", namespaces=NS)[0]
    assert end.get(f"{{{NS['epub']}}}type") == "afterword"
    assert _text(end) == "End notes Thank you for reading this little journey. A third part is half drawn."
    # the story's last paragraph comes before its end notes, in the same file
    assert _text(last).index("walked into her back") < _text(last).index("End notes")


def test_the_pdf_has_the_same_pages_and_nested_bookmarks(every_page):
    reader = PdfReader(every_page / "every-page.pdf")
    texts = [page.extract_text() for page in reader.pages]
    whole = "\n".join(texts)
    contents = next(t for t in texts if "Contents" in t)
    assert re.search(r"Chapter 1: The Commission[\s.]*\d+", contents)
    assert "Credits" in whole and "compiled by A Compiler" in whole
    title_page = next(t for t in texts if "The Longest Night" in t and "Rating:" in t)
    for fact in ("Teen And Up Audiences", "Archive warnings:", "Summary", "Notes"):
        assert fact in title_page
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "The Inland Sea" in titles
    nested = outline[outline.index(next(i for i in outline if not isinstance(i, list) and i.title == "The Inland Sea")) + 1]
    assert isinstance(nested, list)
    assert [item.title for item in nested] == ["Chapter 1: The Commission", "Chapter 2: The Shore"]


@pytest.mark.parametrize("placement", ["before", "end", "omit"])
def test_notes_placement(tmp_path, placement):
    result = run_ficbind("build", str(_manifest(tmp_path)), "-o", str(tmp_path), "-f", "epub", "--notes", placement)
    assert result.returncode == 0, result.stderr
    epub = tmp_path / "every-page.epub"
    sections = _sections(_preface(epub, 1))
    last = _text(_xhtml(epub, "text/story-01-02.xhtml"))
    chapter = _text(_xhtml(epub, "text/story-01-01.xhtml"))
    head_note, end_note = "Co-written over one long", "Thank you for reading this little journey"
    preface_text = _text(_preface(epub, 1))
    if placement == "before":
        assert head_note in preface_text and end_note in preface_text and "End notes" not in last
    elif placement == "end":
        assert "Notes" not in sections and head_note in last and end_note in last
        assert last.index(head_note) < last.index(end_note)
    else:
        assert head_note not in preface_text and end_note not in last and "End notes" not in last
        assert "Chapter notes" not in chapter  # chapter notes go too
    # (every element these placements produce is in the book epubcheck checks above)


def test_notes_placement_from_the_manifest_and_a_bad_value(tmp_path):
    manifest = _manifest(tmp_path, 'notes = "omit"\n')
    result = run_ficbind("build", str(manifest), "-o", str(tmp_path), "-f", "epub")
    assert result.returncode == 0, result.stderr
    assert "Co-written" not in _text(_preface(tmp_path / "every-page.epub", 1))
    bad = run_ficbind("build", str(manifest), "-o", str(tmp_path), "-f", "epub", "--notes", "sideways")
    assert bad.returncode == 2
    assert "unknown notes placement 'sideways'; choose from as-placed, before, end, omit" in bad.stderr


def test_story_preface_leaves_out_what_is_empty_and_escapes_everything():
    meta = StoryMeta(
        title="<b>Bold</b> & \"quoted\"",
        authors=["A <script>"],
        rating="",
        tags=[],
        prompt=[Epigraph([[Text("a line")]], [Text("— a singer")])],
        extra=[Field("Beta", "<i>Ann</i>"), Field("Empty", "")],
    )
    html = xhtml.story_preface(Story("x.txt", meta, [Paragraph([Text("one two three")])]))
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in html
    assert "Rating" not in html and "Tags" not in html and "Empty" not in html
    assert "<dt>Words</dt><dd>3</dd>" in html
    assert '<p class="credit">— a singer</p>' in html
