"""`ficbind build --format zine` end to end: the files a zine maker gets, and what the CLI tells them."""

from __future__ import annotations

import json
import subprocess

import pikepdf
import pytest

from conftest import SAMPLES, SEEDS, run_ficbind

STORY = next(SEEDS.glob("000_*.txt"))  # a short story: eight A5 reading pages
SLUG = "echoes-of-angels-that-wont-return"


def _text(path, first: int, x: int, width: int, last: int | None = None) -> str:
    """The text of a band of pages (points from the left), via pdftotext."""
    return subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last or first), "-x", str(x), "-y", "0", "-W", str(width),
         "-H", "600", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout


@pytest.fixture(scope="module")
def zines(tmp_path_factory):
    """One build of the short story as a reading PDF, a zine and a mini-zine, with its JSON report."""
    out = tmp_path_factory.mktemp("zines")
    result = run_ficbind("build", str(STORY), "-o", str(out), "-f", "pdf,zine,minizine", "--json")
    assert result.returncode == 0, result.stderr
    return out, json.loads(result.stdout)


def test_build_writes_the_zine_next_to_the_reading_pdf(zines):
    out, report = zines
    assert [(o["format"], o["path"]) for o in report["outputs"]] == [
        ("pdf", str(out / f"{SLUG}.pdf")),
        ("zine", str(out / f"{SLUG}-zine.pdf")),
        ("minizine", str(out / f"{SLUG}-minizine.pdf")),
    ]
    with pikepdf.open(out / f"{SLUG}.pdf") as reading:
        reading_pages = len(reading.pages)
    zine = out / f"{SLUG}-zine.pdf"
    with pikepdf.open(zine) as pdf:
        # The story opens on the next page, not on a right-hand one: no more sheets than the bound
        # book, which, a short story bound alone, has no half title nor blank page to leave out.
        assert len(pdf.pages) <= 2 * -(-reading_pages // 4)
        width, height = (round(float(v)) for v in pdf.pages[0].mediabox[2:])
        assert (width, height) == (842, 595)  # A5 reading pages on landscape A4
    # the cover sheet: the book's title page on the right half of the first side
    assert "Echoes of angels" in _text(zine, 1, 421, 421)
    # pages reused as form XObjects, fonts shared: not much larger than the reading PDF
    assert zine.stat().st_size < 1.25 * (out / f"{SLUG}.pdf").stat().st_size
    # every word of the reading PDF is on the sheets, once (the front matter's roman folios
    # aside: fewer blank pages before it, the contents is page iii, not v)
    roman = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii"}
    words = [sorted(w for w in _text(path, 1, 0, 842, last=99).split() if w not in roman)
             for path in (out / f"{SLUG}.pdf", zine)]
    # The zine's typeset cover (its title) is its own: the reading book of a short story opens
    # on its title page, with no half title.
    for word in "Echoes of angels that won’t return…".split():
        words[1].remove(word)
    assert words[0] == words[1]


def test_the_report_carries_print_instructions_for_zines_only(zines):
    out, report = zines
    pdf, zine, mini = report["outputs"]
    with pikepdf.open(out / f"{SLUG}-zine.pdf") as imposed:
        sheets = len(imposed.pages) // 2  # a front and a back per sheet
    assert "instructions" not in pdf  # only zines carry printing steps
    assert any("flipping on the short edge" in line for line in zine["instructions"])
    assert zine["instructions"][0].startswith(f"To print {SLUG}-zine.pdf: {sheets} sheets of A4")
    assert any("cut" in line for line in mini["instructions"])


def test_single_sided_long_edge_with_marks_prints_instructions_outside_a_terminal_too(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "zine", "--single-sided",
                         "--duplex", "long", "--fold-marks", "--sheet", "letter")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{SLUG}-zine-backs.pdf", f"{SLUG}-zine-fronts.pdf"]
    with pikepdf.open(tmp_path / f"{SLUG}-zine-fronts.pdf") as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox[2:]] == [792, 612]
        sheets = len(pdf.pages)  # one front per sheet
    assert f"{sheets} sheets of letter" in result.stderr and "turned over on its long edge" in result.stderr
    assert result.stderr.count("To print") == 1  # one set of steps for the pair
    quiet = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "zine", "--single-sided", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""  # -q: errors and warnings only


def test_zine_options_without_a_zine_are_a_usage_error(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "pdf", "--signature", "4")
    assert result.returncode == 2
    assert "add --format zine" in result.stderr and "Traceback" not in result.stderr
    assert not tmp_path.joinpath(f"{SLUG}.pdf").exists()


def test_a_book_too_long_for_a_minizine_says_what_to_do(tmp_path):
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(tmp_path), "-f", "minizine")
    assert result.returncode == 2
    assert "a mini-zine holds 8 pages" in result.stderr and "--format zine" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_duplex_edge_is_one_line(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "zine", "--duplex", "top")
    assert result.returncode == 2
    assert result.stderr.strip() == "ficbind: error: --duplex 'top': choose short or long (the edge the printer flips on)"


def test_a_minizine_is_laid_out_for_its_panels_with_the_story_title_page_as_cover(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "minizine")
    assert result.returncode == 0, result.stderr
    sheet = tmp_path / f"{SLUG}-minizine.pdf"
    with pikepdf.open(sheet) as pdf:
        assert len(pdf.pages) == 1
        assert [round(float(v)) for v in pdf.pages[0].mediabox[2:]] == [842, 595]
    # page 1 sits upright in the bottom-right panel: the story's own title page, no
    # half title or contents before it
    cover = subprocess.run(["pdftotext", "-x", "631", "-y", "298", "-W", "211", "-H", "297", str(sheet), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Echoes of angels" in cover and "PG-13" in cover
    everything = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Contents" not in everything and "Credits" not in everything
    assert "She’s never coming back." in everything  # the whole story fits its eight panels
