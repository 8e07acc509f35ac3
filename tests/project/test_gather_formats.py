"""A folder of mixed downloads: every format ficbind reads is gathered, and every other
file is named with why it is left out and what to do instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ficbind.binding import BuildOptions, build
from ficbind.project.gather import gather

from conftest import REAL_WORLD, SEEDS, epubcheck_problems

PAGE = ("<!DOCTYPE html><html><head><title>Lanterns</title></head><body><h1>Lanterns</h1>"
        "<p>The lanterns were <em>lit</em> at dusk.</p><hr><p>By morning they were out.</p></body></html>")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "lanterns.html").write_text(PAGE, encoding="utf-8")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "a-seed.txt")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (folder / "old.mobi").write_bytes(b"\0" * 100)
    (folder / "fan-art.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


@pytest.mark.quick
def test_a_folder_gathers_web_pages_and_names_what_it_leaves_out(tmp_path):
    gathered = gather([str(_folder(tmp_path))])
    assert sorted(s.path.name for s in gathered.sources) == ["a-seed.txt", "lanterns.html"]
    reasons = {Path(item.display).name: item.reason for item in gathered.not_read}
    assert reasons == {"notes.pdf": "PDF is not read; download the EPUB or HTML",
                       "old.mobi": "Kindle books are not read; download the EPUB or HTML"}


def test_a_mixed_folder_binds_into_one_book_and_the_report_names_the_files_left_out(tmp_path):
    folder = _folder(tmp_path)
    real = (REAL_WORLD / "ao3-mr-bronner" / "Will the Real Mr Bronner.html").is_file()
    if real:  # an AO3 download beside the text, when the real files are here
        shutil.copy(REAL_WORLD / "ao3-mr-bronner" / "Will the Real Mr Bronner.html", folder / "bronner.html")
    report = build([str(folder)], BuildOptions(output_dir=tmp_path / "out", formats=("epub",), cache=False))
    titles = {s.title for s in report.stories if s.status != "refused"}
    assert "Lanterns" in titles and len(titles) == (3 if real else 2)
    assert any(w.endswith("notes.pdf: PDF is not read; download the EPUB or HTML") for w in report.warnings)
    assert [Path(n.split(":")[0]).name for n in report.not_read] == ["notes.pdf", "old.mobi"]
    epub = next(Path(o.path) for o in report.outputs)
    assert epubcheck_problems(epub) == []


@pytest.mark.quick
def test_a_folder_of_files_none_of_which_is_read_says_what_it_left_out(tmp_path):
    folder = tmp_path / "only-pdfs"
    folder.mkdir()
    (folder / "story.pdf").write_bytes(b"%PDF-1.7\n")
    from ficbind.errors import InputError

    with pytest.raises(InputError, match=r"left out .*story\.pdf: PDF is not read; download the EPUB or HTML"):
        gather([str(folder)])
