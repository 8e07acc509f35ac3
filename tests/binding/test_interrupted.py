"""A build killed at any moment leaves the previous books whole and no partial file under a final name.

The builds run in subprocesses. To kill one at an exact moment without any test hook
inside ficbind, the child installs a Python audit hook that signals its own process
just after ficbind creates a temporary `.part` file (empty, about to be written), or
when it is about to rename a fully written one into place. A last test kills a build from outside while the PDF is rendering.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pikepdf
import pytest

from library import write_library, write_manifest

MANIFEST = '''
[book]
title = "Shelf"
date = 2026-11-21

[[story]]
path = "stories/*.txt"

[output]
formats = ["epub", "pdf"]
'''

# The child: signal ourselves at the chosen moment of writing the chosen format.
CHILD = textwrap.dedent('''
    import os, signal, sys

    moment, suffix, signame = sys.argv[1:4]
    number = getattr(signal, signame)

    created = []

    def hook(event, args):
        if event != "open" and event != "os.rename":
            return
        if event == "open" and str(args[0]).endswith(".part") and suffix + "." in str(args[0]):
            created.append(args[0])  # the temporary file is being created
        elif moment == "open" and event == "open" and created and isinstance(args[0], int):
            os.kill(os.getpid(), number)  # it exists, empty, and is about to be written
        elif moment == "rename" and event == "os.rename" and str(args[1]).endswith(suffix):
            os.kill(os.getpid(), number)  # it is written in full, not yet renamed

    sys.addaudithook(hook)
    from ficbind.cli import main
    main(sys.argv[4:])
''')


@pytest.fixture
def shelf(tmp_path):
    write_library(tmp_path)
    manifest = write_manifest(tmp_path, MANIFEST)
    first = subprocess.run([sys.executable, "-m", "ficbind", "build", str(manifest), "--cache", str(tmp_path / "c")],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    out = tmp_path / "out"
    previous = {name: (out / name).read_bytes() for name in ("shelf.epub", "shelf.pdf")}
    # change a story, so the next build's books differ from the previous ones
    story = tmp_path / "stories" / "ferry.txt"
    story.write_text(story.read_text(encoding="utf-8") + "\nA line added after the first build.\n", encoding="utf-8")
    return tmp_path, manifest, previous


def _interrupted(folder: Path, manifest: Path, moment: str, suffix: str, signame: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, moment, suffix, signame, "build", str(manifest), "--cache", str(folder / "c")],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )


def _assert_whole(out: Path, previous: dict[str, bytes]) -> None:
    """Every file under a final name is a complete book: the previous one, or a new whole one."""
    for name in ("shelf.epub", "shelf.pdf"):
        data = (out / name).read_bytes()
        if data == previous[name]:
            continue
        if name.endswith(".epub"):
            with zipfile.ZipFile(out / name) as epub:
                assert epub.testzip() is None
        else:
            with pikepdf.open(out / name) as pdf:
                assert len(pdf.pages) > 0


def _temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("moment", ["open", "rename"])
def test_sigkill_while_writing_the_pdf_leaves_the_previous_pdf_whole(shelf, moment):
    folder, manifest, previous = shelf
    out = folder / "out"
    result = _interrupted(folder, manifest, moment, ".pdf", "SIGKILL")
    assert result.returncode == -signal.SIGKILL
    assert (out / "shelf.pdf").read_bytes() == previous["shelf.pdf"]
    # the EPUB was finished before the PDF began: it is the new book, whole
    assert (out / "shelf.epub").read_bytes() != previous["shelf.epub"]
    _assert_whole(out, previous)
    # SIGKILL cannot be caught: the temporary stays behind, but never under a final name
    (left,) = _temporaries(out)
    assert left.startswith(".shelf.pdf.")

    # the next build clears it away and completes the book
    again = subprocess.run([sys.executable, "-m", "ficbind", "build", str(manifest), "--cache", str(folder / "c")],
                           cwd=folder, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["shelf.epub", "shelf.pdf"]
    assert (out / "shelf.pdf").read_bytes() != previous["shelf.pdf"]


def test_sigkill_just_before_the_epub_is_renamed_keeps_the_previous_epub(shelf):
    folder, manifest, previous = shelf
    out = folder / "out"
    result = _interrupted(folder, manifest, "rename", ".epub", "SIGKILL")
    assert result.returncode == -signal.SIGKILL
    assert (out / "shelf.epub").read_bytes() == previous["shelf.epub"]
    assert (out / "shelf.pdf").read_bytes() == previous["shelf.pdf"]
    assert [name.startswith(".shelf.epub.") for name in _temporaries(out)] == [True]


@pytest.mark.parametrize("signame, code, word", [
    ("SIGTERM", 143, "stopped by a request to end (SIGTERM: kill, a shutdown, or a job's time limit)"),
    ("SIGHUP", 129, "stopped because the terminal was closed (SIGHUP)"),
    ("SIGINT", 130, "interrupted"),
])
def test_sigterm_sighup_and_ctrl_c_clean_up_every_temporary_file(shelf, signame, code, word):
    folder, manifest, previous = shelf
    out = folder / "out"
    result = _interrupted(folder, manifest, "rename", ".pdf", signame)
    assert result.returncode == code
    assert result.stderr == f"ficbind: error: {word}; no output was left half-written\n"
    assert (out / "shelf.pdf").read_bytes() == previous["shelf.pdf"]
    _assert_whole(out, previous)
    assert sorted(p.name for p in out.iterdir()) == ["shelf.epub", "shelf.pdf"]  # no .part, no lock file


def test_killed_from_outside_while_rendering_the_pdf(shelf):
    folder, manifest, previous = shelf
    out = folder / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "ficbind", "build", str(manifest), "-v", "--cache", str(folder / "c")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    for line in process.stderr:
        if "writing pdf" in line:
            process.kill()
            break
    process.wait(timeout=60)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert (out / "shelf.pdf").read_bytes() == previous["shelf.pdf"]
    _assert_whole(out, previous)
    assert all(not name.endswith((".epub", ".pdf")) or name in ("shelf.epub", "shelf.pdf")
               for name in (p.name for p in out.iterdir()))
