"""A folder of mixed downloads binds into one book: an AO3 EPUB, an AO3 HTML download,
a plain-text story and a Markdown story, gathered from one folder, built as a user would
(`ficbind build folder`), epubcheck clean, every story and chapter in the contents."""

from __future__ import annotations

import re
import shutil
import zipfile

from conftest import SEEDS, epubcheck_problems, real_world, run_ficbind

MIXED = {
    "aim.epub": "ao3-my-aim-is-steady/epubTest.epub",
    "feather.html": "ao3-fire-and-feather/incompleteWork.html",
    "prologue.md": "md-nephilim-prologue/Prologue.md",
}


def test_a_folder_of_mixed_downloads_binds_into_one_book(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    for name, relative in MIXED.items():
        shutil.copyfile(real_world(relative), folder / name)
    shutil.copyfile(SEEDS / "000_5f4c5af0a22e3cfb.txt", folder / "seed.txt")

    result = run_ficbind("build", str(folder), "-o", str(tmp_path / "out"), "--format", "epub",
                         "--title", "Mixed Downloads")
    assert result.returncode == 0, result.stderr
    book = tmp_path / "out" / "mixed-downloads.epub"
    assert epubcheck_problems(book) == []
    with zipfile.ZipFile(book) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8")
        pages = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xhtml"))
    for title in ("My Aim Is Steady And True", "Fire and Feather"):
        assert title in nav
    for chapter in ("Festival", "Conversations"):  # the HTML download's chapters
        assert chapter in nav
    assert "Posted originally on" not in pages and "drop by the Archive" not in pages
    assert len(set(re.findall(r'href="text/story-(\d+)', nav))) == 4  # all four stories
