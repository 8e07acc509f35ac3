"""Building on every core: the worker processes, long stories laid out in chunks, the
parallel PDF and EPUB being the very books the one-process path makes, and rendered
PDF parts recalled from the cache. The books are small; the pool is forced with
`jobs` and thresholds of zero (bench/ measures the speed)."""

from __future__ import annotations

import codecs
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ficbind.binding.reading as reading_module
import ficbind.runtime.cache as cache_module
from ficbind import BuildOptions, build
from ficbind.model import Book, BookMeta, Heading, Note, Paragraph, SceneBreak, Story, StoryMeta, Text
from ficbind.runtime.cache import CACHE_FILE
from ficbind.runtime.parallel import Workers
from ficbind.writers.pdf import parts as pdf_parts
from ficbind.writers.pdf import write as pdf_writer
from ficbind.writers.pdf.write import PdfOptions, write_pdf

from conftest import ROOT, write_context
from library import STORIES, write_library, write_manifest
from printbook import outline, page_labels, page_text, prose

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)
# Small enough that the test books below are cut into several chunks.
CHUNK = 700


def chaptered_book() -> Book:
    """A story in six chapters (long enough to be cut in chunks at CHUNK), and a short one."""
    chapters = []
    for k in range(1, 7):
        chapters += [Heading(1, [Text(f"Chapter {k}")]), *prose(5, seed=k)]
    long_story = Story("tides.txt", StoryMeta(title="A Year of Tides", authors=["Wren Calloway"]), chapters)
    short = Story("tea.txt", StoryMeta(title="Tea at the Station", authors=["Jun Park"]), prose(3, seed=9))
    return Book(BookMeta(title="Tides and Tea", compiler="A Reader", date="2026-11-21"), [long_story, short])


def scenes_book() -> Book:
    """One story without chapters: eight scenes, one of them with a note that holds a scene break."""
    blocks: list = []
    for k in range(8):
        if k:
            blocks.append(SceneBreak())
        blocks += prose(4, seed=10 + k)
        if k == 5:
            blocks.append(Note("A/N:", [Paragraph([Text("Before the break.")]), SceneBreak(),
                                        Paragraph([Text("After the break.")])]))
    story = Story("long-night.txt", StoryMeta(title="The Long Night", authors=["Ines Moreau"]), blocks)
    return Book(BookMeta(title="The Long Night"), [story])


def _with_pid(job: pdf_parts.PartJob) -> tuple[pdf_parts.RenderedPart, int]:
    return pdf_parts.render_part(job), os.getpid()


def _pooled(workers: Workers, pids: set[int]):
    def render(jobs, more):
        done = workers.map(_with_pid, jobs, more=lambda job, result: more(job, result[0]))
        pids.update(pid for _, pid in done)
        return [part for part, _ in done]
    return render


def _names(jobs_seen: list[str]):
    def render(jobs, more):
        def seen(job, part):
            jobs_seen.append(job.name)
            return more(job, part)
        return pdf_parts.render_sequentially(jobs, more=seen)
    return render


def _contents_numbers(path: Path) -> list[str]:
    marks = outline(path)
    contents = next(page for title, page, _ in marks if title == "Contents")
    return re.findall(r"(\d+)\s*$", page_text(path, contents + 1), re.M)


# --- chunks ---------------------------------------------------------------------------


def test_a_long_story_is_laid_out_in_chunks_each_opening_on_a_recto(tmp_path):
    seen: list[str] = []
    path = tmp_path / "book.pdf"
    path.write_bytes(write_pdf(chaptered_book(), PdfOptions(chunk_words=CHUNK), write_context(MOMENT, render=_names(seen))))
    chunks = [name for name in seen if name.startswith("story 1")]
    assert len(chunks) >= 3, seen
    assert "story 2" in seen  # the short story is one part
    # The chunks hold whole chapters: each opens on a chapter, on a right-hand page.
    tides = next(mark for mark in outline(path) if mark[0] == "A Year of Tides")
    chapter_pages = [page for _, page, _ in tides[2]]
    assert len(chapter_pages) == 6
    parts = pdf_writer._story_parts(chaptered_book(), [s for s in pdf_writer.xhtml.render_book(
        chaptered_book(), href=str) if not s.front_matter], CHUNK)
    openers = [part.section_ids[0] for part in parts if part.number == 1 and part.chunk > 1]
    assert openers and all(re.fullmatch(r"story-01-\d\d", sid) for sid in openers)
    for sid in openers:
        page = chapter_pages[int(sid[-2:]) - 1]
        assert page % 2 == 0, f"{sid} opens a chunk on page {page + 1}, a verso"


def test_the_chunks_are_the_same_however_many_cores_there_are():
    """The cut depends on the words alone: the one-process path cuts the book the same way."""
    sections = [s for s in pdf_writer.xhtml.render_book(chaptered_book(), href=str) if not s.front_matter]
    first = pdf_writer._story_parts(chaptered_book(), sections, CHUNK)
    again = pdf_writer._story_parts(chaptered_book(), sections, CHUNK)
    assert [(p.number, p.chunk, p.section_ids) for p in first] == [(p.number, p.chunk, p.section_ids) for p in again]
    # Not cut at all below two chunks' worth of words, nor with chunks turned off.
    assert [p.chunk for p in pdf_writer._story_parts(chaptered_book(), sections, 10**6)] == [1, 1]
    assert [p.chunk for p in pdf_writer._story_parts(chaptered_book(), sections, 0)] == [1, 1]


def test_a_story_without_chapters_is_cut_at_its_scene_breaks_never_inside_a_note(tmp_path):
    book = scenes_book()
    sections = [s for s in pdf_writer.xhtml.render_book(book, href=str) if not s.front_matter]
    parts = pdf_writer._story_parts(book, sections, CHUNK)
    assert len(parts) >= 3
    for part in parts:
        html = part.html
        # Every piece is whole: its notes are closed inside it.
        assert html.count("<aside") == html.count("</aside>")
        assert html.count("<section") == html.count("</section>")
    for part in parts[1:]:
        # A later chunk opens with its scene break, in a section with an id of its own.
        assert re.match(r'<div class="story-part" lang="en"><section id="story-01-scenes-\d+" class="scenes">'
                        r'<hr class="scene-break"/>', part.html), part.html[:200]
    joined = "".join(part.html for part in parts)
    assert joined.count('<hr class="scene-break"/>') == 8  # seven between scenes, one in the note: none lost

    seen: list[str] = []
    path = tmp_path / "night.pdf"
    path.write_bytes(write_pdf(book, PdfOptions(chunk_words=CHUNK), write_context(MOMENT, render=_names(seen))))
    assert len([name for name in seen if name.startswith("story 1")]) == len(parts)
    text = "".join(page_text(path, n) for n in range(1, len(page_labels(path)) + 1))
    assert text.count("❧") == 8
    assert "Before the break." in text and "After the break." in text


# --- the parallel book is the same book ------------------------------------------------


@pytest.mark.parametrize("book", [chaptered_book, scenes_book], ids=["chapters", "scenes"])
def test_the_pdf_laid_out_on_two_cores_is_the_one_process_pdf(tmp_path, book):
    options = PdfOptions(chunk_words=CHUNK)
    alone = tmp_path / "alone.pdf"
    alone.write_bytes(write_pdf(book(), options, write_context(MOMENT)))
    pids: set[int] = set()
    with Workers(2) as workers:
        pooled_bytes = write_pdf(book(), options, write_context(MOMENT, render=_pooled(workers, pids)))
    assert pids and os.getpid() not in pids  # laid out by worker processes
    pooled = tmp_path / "pooled.pdf"
    pooled.write_bytes(pooled_bytes)
    pages = len(page_labels(alone))
    assert len(page_labels(pooled)) == pages
    assert [page_text(pooled, n) for n in range(1, pages + 1)] == [page_text(alone, n) for n in range(1, pages + 1)]
    assert outline(pooled) == outline(alone)
    if book is chaptered_book:
        assert _contents_numbers(pooled) == _contents_numbers(alone) and _contents_numbers(alone)
    assert pooled_bytes == alone.read_bytes()  # and, in fact, byte for byte


def _last_first(jobs, more):
    """A RenderParts that lays out the latest job it was given first (the story parts
    last to first, then what each part made possible): parts come in from worker
    processes in any order."""
    parts: dict[int, pdf_parts.RenderedPart] = {}
    given = list(jobs)
    stack = list(jobs)
    while stack:
        job = stack.pop()
        parts[id(job)] = pdf_parts.render_part(job)
        follow = more(job, parts[id(job)])
        given += follow
        stack += follow
    return [parts[id(job)] for job in given]


def test_running_heads_and_folios_are_laid_out_while_later_stories_still_are(monkeypatch):
    """As the first parts come in, the furniture of their pages is asked for at once,
    cut where a rule on page counts alone says: parts that come in last first make the
    very same book."""
    monkeypatch.setattr(pdf_writer, "FURNITURE_PAGES", 2)
    events: list[tuple[str, str]] = []  # ("in", kind) as a part comes in, ("asked", kind) for what it makes possible

    def in_order(jobs, more):
        def seen(job, part):
            events.append(("in", job.kind))
            follow = more(job, part)
            events.extend(("asked", job.kind) for job in follow)
            return follow
        return pdf_parts.render_sequentially(jobs, more=seen)

    book, options = chaptered_book(), PdfOptions(chunk_words=CHUNK)
    in_order_bytes = write_pdf(book, options, write_context(MOMENT, render=in_order))
    last_story = max(k for k, event in enumerate(events) if event == ("in", "story"))
    assert events.index(("asked", "furniture")) < last_story, events  # asked for while stories are laid out
    assert events.count(("asked", "furniture")) >= 3 and events.count(("asked", "front")) == 1
    front_in = events.index(("in", "front"))
    assert events[front_in + 1] == ("asked", "furniture")  # the front matter's folios, once its pages are known
    assert write_pdf(book, options, write_context(MOMENT, render=_last_first)) == in_order_bytes


@pytest.fixture
def eager(monkeypatch):
    """Thresholds of zero: a build sends any work at all to its worker processes."""
    monkeypatch.setattr(reading_module, "PARALLEL_READ_BYTES", 0)
    monkeypatch.setattr(reading_module, "PARALLEL_LAYOUT_BYTES", 0)


def _unreadable(folder: Path) -> None:
    # UTF-16 with a BOM that ends in half a character: refused when it is parsed.
    (folder / "stories" / "broken.txt").write_bytes(codecs.BOM_UTF16_LE + "Title: Broken\n".encode("utf-16-le") + b"\x00")


def test_a_build_on_two_cores_writes_the_same_books_and_report(tmp_path, eager):
    write_library(tmp_path)
    _unreadable(tmp_path)
    manifest = write_manifest(tmp_path, '[book]\ntitle = "Shelf"\ndate = 2026-11-21\n\n[[story]]\npath = "stories/*"\n')
    reports = {}
    for jobs in (1, 2):
        reports[jobs] = build([str(manifest)], BuildOptions(output_dir=tmp_path / f"out{jobs}", formats=("epub", "pdf"),
                                                            cache=False, jobs=jobs))
    one, two = reports[1], reports[2]
    assert [(s.path, s.title, s.words, s.status, s.error) for s in two.stories] == \
        [(s.path, s.title, s.words, s.status, s.error) for s in one.stories]
    assert [s.status for s in one.stories].count("refused") == 1
    assert two.warnings == one.warnings and any("broken.txt" in w for w in one.warnings)
    for name in ("shelf.epub", "shelf.pdf"):
        assert (tmp_path / "out2" / name).read_bytes() == (tmp_path / "out1" / name).read_bytes(), name


def test_one_job_starts_no_worker_process(tmp_path, eager, monkeypatch):
    started = []
    monkeypatch.setattr(Workers, "_start", lambda self: started.append(self) or pytest.fail("a pool started"))
    write_library(tmp_path)
    build([str(tmp_path / "stories")], BuildOptions(output_dir=tmp_path / "out", formats=("epub",), cache=False, jobs=1))
    assert not started


# --- rendered parts from the cache -----------------------------------------------------


@pytest.fixture
def laid_out(monkeypatch) -> list[str]:
    """The names of the PDF parts each build lays out (one process, so the spy sees them all)."""
    names: list[str] = []
    real = pdf_parts.render_part

    def spy(job):
        names.append(job.name)
        return real(job)

    monkeypatch.setattr(pdf_parts, "render_part", spy)
    return names


def _pdf_build(folder: Path, out: str = "out", **changes):
    options = BuildOptions(output_dir=folder / out, cache_dir=folder / "cache", formats=("pdf",), jobs=1, **changes)
    return build([str(folder / "stories")], options)


def test_an_edited_story_alone_is_laid_out_again(tmp_path, laid_out):
    write_library(tmp_path)
    _pdf_build(tmp_path)
    assert {"front matter", "story 1", "story 5"} <= set(laid_out)
    laid_out.clear()
    # A word for another of the same length: the story's pages, and so every page
    # number, stay where they were.
    storm = tmp_path / "stories" / "storm.txt"
    storm.write_text(storm.read_text(encoding="utf-8").replace("patient as a landlord", "patient as a lodger  "),
                     encoding="utf-8")
    report = _pdf_build(tmp_path)
    order = sorted(STORIES)  # the folder's stories, bound in file-name order
    assert laid_out == [f"story {order.index('storm.txt') + 1}"]
    assert [s.status for s in report.stories].count("built") == 1
    # The book made from cached parts is the book a fresh build makes.
    laid_out.clear()
    fresh = build([str(tmp_path / "stories")], BuildOptions(output_dir=tmp_path / "fresh", formats=("pdf",),
                                                            cache=False, jobs=1))
    assert Path(fresh.outputs[0].path).read_bytes() == Path(report.outputs[0].path).read_bytes()


def test_a_story_that_grows_moves_the_contents_and_folios_not_the_other_stories(tmp_path, laid_out):
    write_library(tmp_path)
    _pdf_build(tmp_path)
    laid_out.clear()
    # The first story gains pages: every later story starts further on, but is laid out
    # on its own, from page 1, so its part is the one in the cache.
    first = tmp_path / "stories" / sorted(STORIES)[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(
        "Another page of rain, and then another, the gutters singing all the way down the hill." * 3
        for _ in range(12)), encoding="utf-8")
    report = _pdf_build(tmp_path)
    assert [name for name in laid_out if name.startswith("story")] == ["story 1"]
    assert "front matter" in laid_out and any(name.startswith("running heads") for name in laid_out)
    fresh = build([str(tmp_path / "stories")], BuildOptions(output_dir=tmp_path / "fresh", formats=("pdf",),
                                                            cache=False, jobs=1))
    assert Path(fresh.outputs[0].path).read_bytes() == Path(report.outputs[0].path).read_bytes()


def test_cached_parts_rebuild_a_deleted_pdf_without_laying_anything_out(tmp_path, laid_out):
    write_library(tmp_path)
    first = _pdf_build(tmp_path)
    before = Path(first.outputs[0].path).read_bytes()
    Path(first.outputs[0].path).unlink()
    laid_out.clear()
    again = _pdf_build(tmp_path)
    assert laid_out == []
    assert Path(again.outputs[0].path).read_bytes() == before


def test_a_new_page_size_lays_out_every_part_again(tmp_path, laid_out):
    write_library(tmp_path)
    _pdf_build(tmp_path)
    count = len(laid_out)
    laid_out.clear()
    _pdf_build(tmp_path, page_size="a6")
    assert len(laid_out) >= count - 1 and {"front matter", "story 1", "story 5"} <= set(laid_out)


def test_a_cached_part_that_does_not_read_back_is_laid_out_again(tmp_path, laid_out):
    assert pdf_parts.part_from_bytes(b"not a part") is None
    assert pdf_parts.part_from_bytes(b'{"pages":1,"starts":{"x":3},"blank":[],"refused":[]}\n%PDF-1.7') is None
    part = pdf_parts.RenderedPart(b"%PDF-1.7 ...", 3, {"story-01": 0}, frozenset({1}), ())
    assert pdf_parts.part_from_bytes(pdf_parts.part_to_bytes(part)) == part
    # The empty boxes travel with a cached part, so a rebuild warns about them again.
    boxed = pdf_parts.RenderedPart(b"%PDF-1.7 ...", 1, {"story-01": 0}, frozenset(), (), ("東", "京"))
    assert pdf_parts.part_from_bytes(pdf_parts.part_to_bytes(boxed)).boxes == ("東", "京")

    write_library(tmp_path)
    first = _pdf_build(tmp_path)
    before = Path(first.outputs[0].path).read_bytes()
    everything = sorted(laid_out)
    # Entries that pass the cache's checksum but are not rendered parts.
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        for (key,) in db.execute("SELECT key FROM parts WHERE kind = 'pdf'").fetchall():
            db.execute("UPDATE parts SET data = ?, data_sum = ? WHERE key = ?",
                       (b"garbage", cache_module._checksum(key, b"garbage"), key))
    Path(first.outputs[0].path).unlink()
    laid_out.clear()
    again = _pdf_build(tmp_path)
    assert sorted(laid_out) == everything
    assert Path(again.outputs[0].path).read_bytes() == before


# --- what each path imports ----------------------------------------------------------------


def _modules_after_build(folder: Path, prefixes: tuple[str, ...]) -> list[str]:
    """Build the folder's EPUB in a fresh interpreter; the modules it loaded that start with `prefixes`."""
    script = "\n".join([
        "import sys",
        "from pathlib import Path",
        "from ficbind import BuildOptions, build",
        f"folder = Path({str(folder)!r})",
        'options = BuildOptions(output_dir=folder / "out", cache_dir=folder / "cache", formats=("epub",), jobs=2)',
        'build([str(folder / "stories")], options)',
        f"print(' '.join(sorted(name for name in sys.modules if name.startswith({prefixes!r}))))",
    ])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_epub_path_imports_neither_weasyprint_nor_pikepdf_and_a_cached_rebuild_no_reader(tmp_path):
    write_library(tmp_path)
    # fontTools may load: the drawn cover reads the book face's character map with it.
    assert _modules_after_build(tmp_path, ("weasyprint", "pikepdf", "pydyf", "fontTools.subset",
                                           "fontTools.varLib")) == []
    (tmp_path / "out" / "stories.epub").unlink()  # written again, from the cached stories
    assert _modules_after_build(tmp_path, ("weasyprint", "pikepdf", "ftfy", "markdown_it", "yaml",
                                           "ficbind.readers.plaintext", "ficbind.readers.markdown",
                                           "ficbind.transforms.typography")) == []
    assert (tmp_path / "out" / "stories.epub").exists()


# --- the worker processes -------------------------------------------------------------------


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def test_workers_return_results_in_order_from_other_processes():
    with Workers(2) as workers:
        results = workers.map(_square, list(range(9)), costs=[n % 4 for n in range(9)])
    assert [square for square, _ in results] == [n * n for n in range(9)]
    assert os.getpid() not in {pid for _, pid in results}


def test_workers_stay_home_for_one_job_or_work_not_worth_it():
    with Workers(1) as workers:
        assert {pid for _, pid in workers.map(_square, [1, 2, 3])} == {os.getpid()}
    with Workers(2) as workers:
        assert {pid for _, pid in workers.map(_square, [1, 2, 3], worth_it=False)} == {os.getpid()}
        assert {pid for _, pid in workers.map(_square, [4])} == {os.getpid()}
        assert not workers.spreads(1) and workers.spreads(2) and not workers.spreads(2, worth_it=False)


def test_a_failure_in_a_worker_is_raised_in_the_build():
    with pytest.raises(ValueError, match="three"), Workers(2) as workers:
        workers.map(_fail_on_three, [1, 2, 3, 4])


_PRELOADED = """
import json, os, sys
from ficbind.runtime.parallel import Workers

def imported(name):
    return name in sys.modules, os.getpid()

if __name__ == "__main__":
    preload = tuple(sys.argv[1:])
    with Workers(2, preload=preload) as workers:
        workers.start_early()
        found = workers.map(imported, ["ficbind_marker"] * 3)
    print(json.dumps({"workers": found, "build": imported("ficbind_marker")}))
"""


@pytest.mark.parametrize("preload", [True, False], ids=["from the fork server", "forked from the build"])
def test_workers_that_will_lay_out_pages_come_from_a_fork_server_with_the_modules_imported(tmp_path, preload):
    """With `preload`, a fork server imports the modules once and its workers find them
    there before their first job; the build itself never imports them. Without, workers
    are forked from the build and import nothing more. (A fresh interpreter each time:
    a fork server, once started, serves every later build of the same process.)"""
    import json

    (tmp_path / "ficbind_marker.py").write_text("", encoding="utf-8")
    script = tmp_path / "build.py"
    script.write_text(_PRELOADED, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), *(["ficbind_marker"] if preload else [])],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert all(found == preload for found, _ in report["workers"])
    assert report["build"][0] is False
    assert report["build"][1] not in {pid for _, pid in report["workers"]}


_KILLED_BUILD = r"""
import os, sys, time
from ficbind.runtime.parallel import Workers

def wait(n):
    # One write of a whole line: two workers' print() calls can interleave ("12341235\n\n").
    os.write(1, f"{os.getpid()}\n".encode())
    time.sleep(120)

if __name__ == "__main__":
    with Workers(2, preload=tuple(sys.argv[1:])) as workers:
        workers.map(wait, [1, 2])
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(sys.platform != "linux", reason="workers watch the build through Linux's pidfd or prctl")
@pytest.mark.parametrize("preload", [(), ("colorsys",)], ids=["forked from the build", "from the fork server"])
def test_workers_die_with_a_build_killed_outright(tmp_path, preload):
    script = tmp_path / "build.py"
    script.write_text(_KILLED_BUILD, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), *preload], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    stalled = threading.Timer(60, process.kill)  # a test that fails, not one that hangs
    stalled.start()
    try:
        pids: list[int] = []
        while len(pids) < 2:  # each worker prints its pid (other output, if any, is not ours to read)
            line = process.stdout.readline()
            assert line, "the workers did not start within a minute" if stalled.finished.is_set() else \
                "the build ended before its workers started"
            if line.strip().isdigit():
                pids.append(int(line))
        assert all(_running(pid) for pid in pids)
        process.kill()
        process.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(pid) for pid in pids), "a worker outlived the build"
    finally:
        stalled.cancel()
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()


def test_the_epub_is_the_same_whatever_order_python_hashes_strings_in(tmp_path):
    """Fandoms that differ only in case (`Harbour Lights`, `harbour lights`) once came
    out in a set's order, which changes from run to run."""
    folder = tmp_path / "stories"
    folder.mkdir()
    for name, fandom in (("a.txt", "Harbour Lights"), ("b.txt", "harbour lights"), ("c.txt", "HARBOUR LIGHTS")):
        (folder / name).write_text(f"Title: {name[0]}\nFandom: {fandom}\n\nThe lamp was lit.\n", encoding="utf-8")
    books = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"out{seed}"
        result = subprocess.run([sys.executable, "-m", "ficbind", "build", str(folder), "-f", "epub", "-o", str(out),
                                 "--no-cache"], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        books.append((out / "stories.epub").read_bytes())
    assert books[0] == books[1] == books[2]


# --- the cycle collector ---------------------------------------------------------------------


def test_a_part_is_laid_out_with_the_cycle_collector_paused_and_restored_after(monkeypatch):
    import gc

    states = []
    original = pdf_parts._font_configuration

    def spy(roots):
        states.append(gc.isenabled())  # called in the middle of the layout
        return original(roots)

    monkeypatch.setattr(pdf_parts, "_font_configuration", spy)
    book = Book(BookMeta(title="Collector"), [Story("one.txt", StoryMeta(title="One"), prose(1, seed=3))])
    assert gc.isenabled()
    write_pdf(book, PdfOptions(), write_context(datetime(2026, 1, 1, tzinfo=UTC)))
    assert states and not any(states)
    assert gc.isenabled()
    # A caller that had it off finds it off still.
    gc.disable()
    try:
        write_pdf(book, PdfOptions(), write_context(datetime(2026, 1, 1, tzinfo=UTC)))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_workers_stop_once_the_last_pdf_is_laid_out_before_its_parts_are_joined(tmp_path, eager, monkeypatch):
    from ficbind.writers.pdf import join

    events: list[str] = []
    close, join_book = Workers.close, join.join_book

    def closing(self, abandon=False):
        if self._pool is not None:
            events.append("workers stopped")
        return close(self, abandon)

    def joining(*args, **kwargs):
        events.append("parts joined")
        return join_book(*args, **kwargs)

    monkeypatch.setattr(Workers, "close", closing)
    monkeypatch.setattr(join, "join_book", joining)
    write_library(tmp_path)
    build([str(tmp_path / "stories")], BuildOptions(output_dir=tmp_path / "out", formats=("pdf",), cache=False, jobs=2))
    assert events == ["workers stopped", "parts joined"]


def test_the_parts_cache_stops_the_workers_after_the_last_of_the_builds_layouts():
    from ficbind.binding.parts_cache import PartsCache
    from ficbind.binding.report import SilentReporter

    class Recording:
        closed = 0

        def map(self, function, items, **kwargs):
            return []

        def close(self):
            self.closed += 1

    class NoCache:
        def part(self, key):
            return None

    workers = Recording()
    parts = PartsCache(NoCache(), [], SilentReporter(), force=False, workers=workers, layouts=2)
    parts.pdf_parts([])
    assert workers.closed == 0, "a second PDF is still to be laid out"
    parts.pdf_parts([])
    assert workers.closed == 1
    left_alone = PartsCache(NoCache(), [], SilentReporter(), force=False, workers=workers)
    left_alone.pdf_parts([])
    assert workers.closed == 1, "without a count, the build stops its workers itself"
