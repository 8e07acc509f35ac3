"""Every real download in ../shared/real-world bound into one anthology, as a reader who
saved them all in one folder would: the EPUB passes epubcheck, and the EPUB's contents
and the PDF's outline list every story with every chapter. (The texts belong to their
authors: they are read from ../shared, never copied into the repository.)"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from ficbind.binding import read_source
from ficbind.model import Heading
from ficbind.project.gather import StorySource
from ficbind.writers.xhtml import heading_label

from conftest import REAL_WORLD, epubcheck_problems, run_ficbind

# FanFicFare's saved details of a story hold no story: a folder's build names them as skipped.
NOT_STORIES = ("johnlock_saved_metadata_column.html", "johnlock_saved_metadata_plaintext.txt")


@pytest.fixture(scope="module")
def anthology(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, tuple[str, list[str]]], str]:
    if not REAL_WORLD.is_dir():
        pytest.skip(f"{REAL_WORLD} is not here (the real-world inputs live in ../shared/real-world)")
    folder = tmp_path_factory.mktemp("real-world") / "downloads"
    folder.mkdir()
    for source in sorted(REAL_WORLD.glob("*/*")):
        if source.name != "PROVENANCE.txt":
            shutil.copyfile(source, folder / f"{source.parent.name}--{source.name}")
    result = run_ficbind("build", str(folder), "-o", str(folder.parent / "out"), "--title", "Real World",
                         "--no-cache")
    assert result.returncode == 0, result.stderr
    chapters: dict[Path, tuple[str, list[str]]] = {}
    for path in sorted(folder.iterdir()):
        if not path.name.endswith(NOT_STORIES):
            story = read_source(StorySource(path, str(path)))  # read and set as the build sets it
            # As a contents entry names it: `Chapter 1: Festival`.
            chapters[path] = (story.meta.title or "",
                              [heading_label(b) for b in story.blocks if isinstance(b, Heading) and b.level == 1])
    return folder.parent / "out", chapters, result.stderr


def test_the_stories_that_are_not_stories_are_named_and_the_rest_bound(anthology):
    out, chapters, warnings = anthology
    assert len(chapters) == 23
    for name in NOT_STORIES:
        assert f"{name}: this is FanFicFare's saved metadata for a story" in warnings


def test_the_anthology_epub_passes_epubcheck_and_its_contents_list_every_chapter(anthology):
    out, chapters, _ = anthology
    book = out / "real-world.epub"
    assert epubcheck_problems(book) == []
    with zipfile.ZipFile(book) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8")
    for path, (title, titles) in chapters.items():
        assert _escaped(title) in nav, f"{path.name}: {title!r} is not in the contents"
        for chapter in titles:
            assert _escaped(chapter) in nav, f"{path.name}: chapter {chapter!r} is not in the contents"


def test_the_anthology_pdf_has_every_story_and_chapter_in_its_outline(anthology):
    out, chapters, _ = anthology
    with pikepdf.open(out / "real-world.pdf") as pdf:
        marks = _titles(pdf.open_outline().root)
    for path, (title, titles) in chapters.items():
        assert title in marks, f"{path.name}: {title!r} has no bookmark"
        for chapter in titles:
            assert chapter in marks, f"{path.name}: chapter {chapter!r} has no bookmark"


def _titles(items) -> set[str]:
    found: set[str] = set()
    for item in items:
        found.add(item.title)
        found |= _titles(item.children)
    return found


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
