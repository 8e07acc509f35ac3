"""The books as real reading systems see them: epubcheck, DAISY Ace (the accessibility
checker) and Calibre (the library behind most Kindle conversions), on the sample
anthology, its KEPUB, a one-story book in a series and a book whose stories have
several authors, all built once for the session.

Ace and Calibre are skipped, with the reason, only where they are not installed
(`.ci/run` installs both).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import SAMPLES, epubcheck_many, run_ficbind

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = f"{{{NS['epub']}}}type"

# A story long enough to have scenes, short enough to be a chapbook.
_TEXT = """She stood at the window and watched the harbour lights go out one by one, counting them the way her
mother had taught her, until the last of them was gone and the water was only a sound.

He came in without knocking. He never knocked. The kettle was already on, and neither of them said a word
about the letter on the table.

* * *

By morning the ice had reached the pier. They walked out as far as they dared, and then a little farther,
because that was what they had always done.
"""


def _story(folder: Path, name: str, header: str) -> Path:
    path = folder / name
    path.write_text(header.strip() + "\n\n" + _TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def books(tmp_path_factory) -> dict[str, Path]:
    """Every book these tests read, built once through the command line."""
    folder = tmp_path_factory.mktemp("reading-systems")
    out = folder / "out"
    built = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(out), "-f", "epub,kepub")
    assert built.returncode == 0, built.stderr
    one = _story(folder, "winter-light.txt", """
Title: Winter Light
Author: Jane Doe
Fandom: Grey's Anatomy
Series: Part 2 of The Long Thaw
Published: 2021-03-14
""")
    built = run_ficbind("build", str(one), "-o", str(out), "-f", "epub,pdf")
    assert built.returncode == 0, built.stderr
    _story(folder, "harbour.txt", "Title: Harbour\nAuthor: miss_blanche\nFandom: Grey's Anatomy\nUpdated: 2019-06-01")
    _story(folder, "pier.txt", "Title: The Pier\nAuthors: Sam Lee, Robin Hart\nFandom: Doctor Who\n"
                               "Published: January 9, 2022")
    manifest = folder / "three.toml"
    manifest.write_text('[book]\ntitle = "Three Winters"\nauthor = "A Reader"\n\n'
                        '[[story]]\npath = "winter-light.txt"\n[[story]]\npath = "harbour.txt"\n'
                        '[[story]]\npath = "pier.txt"\n', encoding="utf-8")
    built = run_ficbind("build", str(manifest), "-o", str(out), "-f", "epub,pdf")
    assert built.returncode == 0, built.stderr
    return {
        "sample": out / "echoes-and-goodbyes.epub",
        "kepub": out / "echoes-and-goodbyes.kepub.epub",
        "one story": out / "winter-light.epub",
        "several authors": out / "three-winters.epub",
    }


# What Calibre should list for each book: the story authors (the compiler only when no
# story names one), the book's date, its language, and a lone story's series.
EXPECTED = {
    "sample": {"Title": "Echoes and Goodbyes", "Author(s)": "A Reader", "Published": "2026-11-21",
               "Languages": "eng"},
    "kepub": {"Title": "Echoes and Goodbyes", "Author(s)": "A Reader", "Published": "2026-11-21",
              "Languages": "eng"},
    "one story": {"Title": "Winter Light", "Author(s)": "Jane Doe", "Published": "2021-03-14",
                  "Languages": "eng", "Series": "The Long Thaw #2"},
    # The newest story date (The Pier's) is the book's; the compiler is no author.
    "several authors": {"Title": "Three Winters", "Author(s)": "Jane Doe & miss_blanche & Sam Lee & Robin Hart",
                        "Published": "2022-01-09", "Languages": "eng"},
}


def _opf(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def _documents(epub: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


# --- what the package says (no tool needed) ------------------------------------------------


def test_the_authors_are_creators_with_the_author_role_and_the_compiler_follows_as_editor(books):
    opf = _opf(books["several authors"])
    creators = opf.xpath("//dc:creator", namespaces=NS)
    roles = {m.get("refines"): m.text for m in opf.xpath("//opf:meta[@property='role']", namespaces=NS)}
    sorting = {m.get("refines"): m.text for m in opf.xpath("//opf:meta[@property='file-as']", namespaces=NS)}
    assert [(c.text, roles[f"#{c.get('id')}"]) for c in creators] == [
        ("Jane Doe", "aut"), ("miss_blanche", "aut"), ("Sam Lee", "aut"), ("Robin Hart", "aut"), ("A Reader", "edt")]
    assert [sorting[f"#{c.get('id')}"] for c in creators][:3] == ["Doe, Jane", "miss_blanche", "Lee, Sam"]
    assert opf.xpath("//dc:subject/text()", namespaces=NS) == ["Doctor Who", "Grey’s Anatomy"]
    assert opf.xpath("//dc:date/text()", namespaces=NS) == ["2022-01-09"]
    assert not opf.xpath("//opf:meta[@property='belongs-to-collection']", namespaces=NS)  # an anthology has none


def test_a_one_story_book_carries_its_series(books):
    opf = _opf(books["one story"])
    (series,) = opf.xpath("//opf:meta[@property='belongs-to-collection']", namespaces=NS)
    assert series.text == "The Long Thaw"
    refines = {m.get("property"): m.text for m in opf.xpath(f"//opf:meta[@refines='#{series.get('id')}']",
                                                              namespaces=NS)}
    assert refines == {"collection-type": "series", "group-position": "2"}
    assert opf.xpath("//opf:meta[@name='calibre:series']/@content", namespaces=NS) == ["The Long Thaw"]
    assert opf.xpath("//opf:meta[@name='calibre:series_index']/@content", namespaces=NS) == ["2"]


def test_every_structural_type_has_its_aria_role_and_the_package_its_language(books):
    from ficbind.writers.xhtml import ROLES

    for name, epub in books.items():
        assert _opf(epub).get("{http://www.w3.org/XML/1998/namespace}lang") == "en", name
        for document_name, root in _documents(epub).items():
            # The landmarks' links name the pages they lead to: their types are no roles.
            landmarks = set(root.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS))
            for element in root.iter():
                if element in landmarks:
                    continue
                for kind in (element.get(EPUB_TYPE) or "").split():
                    if kind in ROLES:
                        assert element.get("role") == ROLES[kind], (name, document_name, kind)


def test_a_one_story_book_is_called_a_story_and_claims_only_what_is_true(books):
    opf = _opf(books["one story"])
    summary = opf.xpath("//opf:meta[@property='schema:accessibilitySummary']/text()", namespaces=NS)[0]
    assert summary.startswith("A story in text") and "anthology" not in summary.casefold()
    assert "scene breaks" in summary  # this story has one
    assert opf.xpath("//opf:meta[@property='dcterms:conformsTo']/text()", namespaces=NS) == [
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    credits = "".join(_documents(books["one story"])["EPUB/text/credits.xhtml"].itertext())
    assert "anthology" not in credits and "A fanwork story for personal reading" in credits
    sample = _opf(books["sample"])
    summary = sample.xpath("//opf:meta[@property='schema:accessibilitySummary']/text()", namespaces=NS)[0]
    assert summary.startswith("An anthology in text") and "scene breaks" not in summary  # the seeds have none


def test_a_short_one_story_book_has_no_page_holding_only_its_title(books):
    spine = [item.get("idref") for item in _opf(books["one story"]).find("opf:spine", NS)]
    # The cover, the title page (with the byline and date), the credits, then the story,
    # whose own short title page heads its text.
    assert spine == ["cover", "title-page", "credits", "story-01"]
    page = _documents(books["one story"])["EPUB/text/title-page.xhtml"].find("x:body", NS)
    assert [" ".join("".join(line.itertext()).split()) for line in page.iter(f"{{{NS['x']}}}h1", f"{{{NS['x']}}}p")] \
        == ["Winter Light", "by Jane Doe", "14 March 2021"]


def test_the_pdf_has_the_same_front_matter_in_the_same_order_and_the_same_author_and_date(books):
    import pikepdf

    from printbook import outline, page_labels

    pdf = books["one story"].with_suffix(".pdf")
    # Title page and credits (on its back): two pages of front matter, then the story on page 1.
    assert page_labels(pdf)[:3] == ["i", "ii", "1"]
    assert [title for title, _, _ in outline(pdf)] == ["Credits", "Winter Light"]
    with zipfile.ZipFile(books["several authors"]) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    epub_entries = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a/text()", namespaces=NS)
    pdf_entries = [title for title, _, level in outline(books["several authors"].with_suffix(".pdf"))]
    assert epub_entries[:2] == pdf_entries[:2] == ["Credits", "Contents"]
    with pikepdf.open(pdf) as document:
        info = document.docinfo
        assert str(info["/Author"]) == "Jane Doe"
        assert str(info["/CreationDate"]).startswith("D:20210314")


# --- DAISY Ace ----------------------------------------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def ace_reports(books, tmp_path_factory) -> dict[str, dict]:
    """Ace's report on every book (the checks run side by side: each is mostly waiting
    on its browser)."""
    ace = shutil.which("ace-puppeteer")
    if ace is None or _chromium() is None:
        pytest.skip("DAISY Ace is not installed (npm install -g @daisy/ace, with Debian's chromium); .ci/run installs it")
    folder = tmp_path_factory.mktemp("ace")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": _chromium()}
    running = {name: subprocess.Popen([ace, "-s", "-f", "-o", str(folder / name.replace(" ", "-")), str(epub)],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for name, epub in books.items()}
    reports = {}
    for name, process in running.items():
        _, errors = process.communicate(timeout=600)
        report = folder / name.replace(" ", "-") / "report.json"
        assert report.exists(), f"Ace wrote no report on {name}: {errors.decode(errors='replace')[-2000:]}"
        reports[name] = json.loads(report.read_text(encoding="utf-8"))
    return reports


@pytest.mark.parametrize("name", list(EXPECTED))
def test_ace_finds_no_violation(ace_reports, name):
    report = ace_reports[name]
    violations = [f"{test['earl:test']['earl:impact']} {test['earl:test']['dct:title']} in {found['earl:testSubject']['url']}"
                  for found in report["assertions"] for test in found["assertions"]]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"


# --- Calibre --------------------------------------------------------------------------------


def _calibre_env() -> dict[str, str]:
    # Calibre's converters start Qt WebEngine, whose Chromium refuses to run as root
    # without this (CI runs as root).
    return {**os.environ, "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}


def _ebook_meta(path: Path) -> dict[str, str]:
    """What Calibre's `ebook-meta` lists: `Author(s)  : Jane Doe [Doe, Jane]` ->
    {"Author(s)": "Jane Doe"} (the sort names in brackets dropped, dates as days)."""
    shown = subprocess.run(["ebook-meta", str(path)], capture_output=True, text=True, env=_calibre_env(),
                           timeout=120, check=True).stdout
    fields = {}
    for line in shown.splitlines():
        label, _, value = line.partition(":")
        if value:
            fields[label.strip()] = re.sub(r"\s*\[.*\]$", "", value.strip())
    if "Published" in fields:
        fields["Published"] = fields["Published"][:10]
    return fields


@pytest.fixture(scope="session")
def calibre(books) -> None:
    if shutil.which("ebook-meta") is None or shutil.which("ebook-convert") is None:
        pytest.skip("Calibre is not installed (Debian: apt-get install calibre); .ci/run installs it")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_calibre_lists_the_title_authors_language_date_and_series(books, calibre, name):
    shown = _ebook_meta(books[name])
    assert {key: shown.get(key) for key in EXPECTED[name]} == EXPECTED[name]
    if name != "one story":
        assert "Series" not in shown


@pytest.fixture(scope="session")
def azw3(books, calibre, tmp_path_factory) -> dict[str, Path]:
    """The books Calibre converts for a Kindle."""
    folder = tmp_path_factory.mktemp("azw3")
    converted = {}
    for name in ("sample", "one story", "several authors"):
        target = folder / f"{name.replace(' ', '-')}.azw3"
        done = subprocess.run(["ebook-convert", str(books[name]), str(target)], capture_output=True, text=True,
                              env=_calibre_env(), timeout=600)
        assert done.returncode == 0 and target.exists(), done.stderr[-2000:]
        converted[name] = target
    return converted


@pytest.mark.parametrize("name", ["sample", "one story", "several authors"])
def test_the_azw3_calibre_converts_for_a_kindle_keeps_them(azw3, name):
    shown = _ebook_meta(azw3[name])
    # AZW3 has no field for a series: title, authors, language and date are what it keeps.
    expected = {key: value for key, value in EXPECTED[name].items() if key != "Series"}
    assert {key: shown.get(key) for key in expected} == expected


# --- epubcheck ------------------------------------------------------------------------------


def test_every_book_passes_epubcheck(books, tmp_path):
    problems = epubcheck_many(list(books.values()), tmp_path)
    assert problems == {path: [] for path in books.values()}
