"""Scene breaks in the finished books: every break is drawn, in print none is left
stranded at the foot of a page, and one at the top of a page keeps its ornament."""

from __future__ import annotations

import random
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from ficbind import BuildOptions, build

from conftest import epubcheck_problems

SHAPES = ["* * *", "oOo", "~*~", "-x-x-", "<><><>", "###", "⁂", "xXx", "~~~~~~~", "-Line Break-", "=+=+=", "o0o",
          "                    *", "•••"]
WORDS = ("the harbour lamps were lit one by one along the quay and Wren counted them under her breath as if "
         "the number might change her mind").split()


def break_story() -> tuple[str, int]:
    """A story with a scene break every one to three paragraphs, in every shape; and
    how many breaks it has."""
    rng = random.Random(7)
    lines = ["Title: Breaks Everywhere", "Author: test_writer", "", ""]
    for k in range(48):
        for _ in range(rng.randint(1, 3)):
            lines += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 70))).capitalize() + ".", ""]
        lines += [SHAPES[k % len(SHAPES)], ""]
    lines.append("The quay was empty at last.")
    return "\n".join(lines) + "\n", 48


@pytest.fixture(scope="module")
def break_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("breaks")
    text, count = break_story()
    (folder / "breaks.txt").write_text(text, encoding="utf-8")
    build([str(folder / "breaks.txt")], BuildOptions(output_dir=folder / "out"))
    return folder / "out", count


DINKUS = "❧"  # the default face's own ornament (EB Garamond's fleuron), as pdftotext reads it


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (installed by .ci/run)")
def test_every_break_is_drawn_and_none_ends_a_page(break_book):
    out, count = break_book
    pdf = out / "breaks-everywhere.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [page.splitlines() for page in pages.split("\f")]
    drawn = sum(1 for page in pages for line in page if line.strip() == DINKUS)
    assert drawn == count
    for number, page in enumerate(pages, 1):
        text = [line.strip() for line in page if line.strip()]
        if len(text) >= 2:
            # The last line is the folio; the one before it is the page's last line of text.
            assert text[-2] != DINKUS, f"page {number} ends with a scene break"


def test_breaks_are_separators_in_the_epub(break_book):
    out, count = break_book
    epub = out / "breaks-everywhere.epub"
    with zipfile.ZipFile(epub) as archive:
        # The story's title page is a line or two: it heads the text, in one file.
        story = etree.fromstring(archive.read("EPUB/text/story-01.xhtml"))
    breaks = story.findall(".//{http://www.w3.org/1999/xhtml}hr")
    assert len(breaks) == count
    assert {hr.get("class") for hr in breaks} == {"scene-break"}
    # No dinkus text is left in the story for a screen reader to spell out.
    text = "".join(story.itertext())
    assert "* * *" not in text and "oOo" not in text and "Line Break" not in text
    assert epubcheck_problems(epub) == []


@pytest.mark.parametrize("font, ornament", [("eb-garamond", "❧"), ("crimson-pro", "❧"), ("literata", "⁂")])
def test_each_face_draws_its_own_ornament(font, ornament):
    from ficbind.runtime.resources import font_family
    from ficbind.writers.pdf.fonts import ornament_css

    assert f'content: "{ornament}"' in ornament_css(font_family(font))
