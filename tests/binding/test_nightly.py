"""Nightly builds: the JSON report, the incremental cache, reproducible bytes, the folder lock."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ficbind import BuildOptions, build
from ficbind.errors import OutputError
from ficbind.runtime.cache import APPLICATION_ID, CACHE_FILE
from ficbind.runtime.outputs import LOCK_NAME, output_folder_lock

from conftest import epubcheck_problems, run_ficbind
from library import write_library, write_manifest

# This machine's HarfBuzz lacks the subsetting library; WeasyPrint warns when a PDF is
# rendered in-process (the CLI tests see it only on the subprocess's stderr).
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset will be required:DeprecationWarning")

MANIFEST = '''
[book]
title = "Shelf"
date = 2026-11-21

[[story]]
path = "stories/*"

[output]
formats = ["epub"]
'''


@pytest.fixture
def shelf(tmp_path) -> Path:
    write_library(tmp_path)
    return write_manifest(tmp_path, MANIFEST)


def _options(folder: Path, **changes) -> BuildOptions:
    settings = {"output_dir": folder / "out", "cache_dir": folder / "cache", **changes}
    return BuildOptions(**settings)


def _statuses(report) -> dict[str, str]:
    return {Path(s.path).name: s.status for s in report.stories}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the report ----------------------------------------------------------------------


def test_json_report_has_exactly_the_documented_shape(shelf, tmp_path):
    result = run_ficbind("build", str(shelf), "--json", "--cache", str(tmp_path / "cache"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert list(report) == ["outputs", "stories", "warnings", "seconds"]
    (output,) = report["outputs"]
    assert list(output) == ["format", "path", "bytes", "sha256"]
    epub = tmp_path / output["path"]
    assert output["format"] == "epub" and output["path"] == "out/shelf.epub"
    assert output["bytes"] == epub.stat().st_size and output["sha256"] == _sha(epub)
    assert len(report["stories"]) == 5
    for story in report["stories"]:
        assert list(story) == ["path", "title", "words", "status", "error"]
        assert story["status"] == "built" and story["words"] > 50 and story["error"] is None
    assert report["stories"][0] == {
        "path": "stories/ferry.txt", "title": "Last Ferry Home", "words": report["stories"][0]["words"],
        "status": "built", "error": None,
    }
    assert report["warnings"] == [] and isinstance(report["seconds"], float)

    again = json.loads(run_ficbind("build", str(shelf), "--json", "--cache", str(tmp_path / "cache"),
                                   cwd=tmp_path).stdout)
    assert {s["status"] for s in again["stories"]} == {"cached"}
    assert again["outputs"] == report["outputs"]


def test_a_build_with_no_input_uses_ficbind_toml_here(tmp_path):
    write_library(tmp_path)
    write_manifest(tmp_path, MANIFEST, name="ficbind.toml")
    result = run_ficbind("build", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outputs"][0]["path"] == "out/shelf.epub"
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run_ficbind("build", cwd=empty)
    assert refused.returncode == 2 and "ficbind init" in refused.stderr


# --- the cache -----------------------------------------------------------------------


def test_an_unchanged_rebuild_reports_cached_and_rewrites_nothing(shelf, tmp_path):
    first = build([str(shelf)], _options(tmp_path, formats=("epub", "pdf")))
    assert set(_statuses(first).values()) == {"built"}
    out = tmp_path / "out"
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.iterdir()}
    assert sorted(before) == ["shelf.epub", "shelf.pdf"]

    second = build([str(shelf)], _options(tmp_path, formats=("epub", "pdf")))
    assert set(_statuses(second).values()) == {"cached"}
    assert second.unchanged == ["epub", "pdf"]
    assert [(o.format, o.sha256, o.bytes) for o in second.outputs] == [
        (o.format, o.sha256, o.bytes) for o in first.outputs
    ]
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.iterdir()}
    assert after == before  # same files, untouched, and nothing else in the folder


def test_editing_one_story_rebuilds_that_story_alone_and_matches_a_cold_build(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    cache_file = tmp_path / "cache" / CACHE_FILE
    parts_before = _count(cache_file, "parts")
    assert parts_before == 5  # one rendered XHTML part per story

    storm = tmp_path / "stories" / "storm.txt"
    storm.write_text(storm.read_text(encoding="utf-8") + "\nOne last line, added at midnight.\n", encoding="utf-8")
    report = build([str(shelf)], _options(tmp_path))
    assert _statuses(report) == {
        "ferry.txt": "cached", "greys.txt": "cached", "harbour.txt": "cached",
        "mature.txt": "cached", "storm.txt": "built",
    }
    assert report.unchanged == []
    assert _count(cache_file, "parts") == parts_before + 1  # only the edited story was rendered again

    cold = build([str(shelf)], _options(tmp_path, output_dir=tmp_path / "cold", cache_dir=tmp_path / "cold-cache"))
    assert set(_statuses(cold).values()) == {"built"}
    assert (tmp_path / "out" / "shelf.epub").read_bytes() == (tmp_path / "cold" / "shelf.epub").read_bytes()
    assert "added at midnight" in _epub_text(tmp_path / "out" / "shelf.epub")


def test_two_cold_builds_give_byte_identical_epub_and_pdf(tmp_path):
    write_library(tmp_path)
    manifest = write_manifest(tmp_path, MANIFEST.replace('"stories/*"', '"stories/ferry.txt"'))
    reports = []
    for run in ("a", "b"):
        options = _options(tmp_path, output_dir=tmp_path / run, cache_dir=tmp_path / f"cache-{run}",
                           formats=("epub", "pdf"))
        reports.append(build([str(manifest)], options))
    for name in ("shelf.epub", "shelf.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert epubcheck_problems(tmp_path / "a" / "shelf.epub") == []


def test_force_reads_everything_again_but_rewrites_nothing_that_is_the_same(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    epub = tmp_path / "out" / "shelf.epub"
    stamp = epub.stat().st_mtime_ns
    forced = build([str(shelf)], _options(tmp_path, force=True))
    assert set(_statuses(forced).values()) == {"built"}
    assert forced.unchanged == ["epub"] and epub.stat().st_mtime_ns == stamp


def test_a_deleted_output_is_written_again_from_cached_stories(shelf, tmp_path):
    first = build([str(shelf)], _options(tmp_path))
    (tmp_path / "out" / "shelf.epub").unlink()
    second = build([str(shelf)], _options(tmp_path))
    assert set(_statuses(second).values()) == {"cached"}
    assert second.outputs[0].sha256 == first.outputs[0].sha256 == _sha(tmp_path / "out" / "shelf.epub")


def test_changing_an_option_that_shapes_the_book_renders_it_again(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    retitled = build([str(shelf)], _options(tmp_path, title="Another Shelf", name="shelf"))
    assert retitled.unchanged == [] and "Another Shelf" in _epub_text(tmp_path / "out" / "shelf.epub")
    assert set(_statuses(retitled).values()) == {"cached"}  # the stories themselves did not change


def test_no_cache_reads_and_stores_nothing(shelf, tmp_path):
    for _ in range(2):
        report = build([str(shelf)], _options(tmp_path, cache=False))
        assert set(_statuses(report).values()) == {"built"}
    assert not (tmp_path / "cache").exists()


# --- a corrupt or foreign cache -----------------------------------------------------------


def _count(cache_file: Path, table: str) -> int:
    with sqlite3.connect(cache_file) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as epub:
        return "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))


def test_a_file_that_is_not_a_database_is_discarded_with_a_warning(shelf, tmp_path):
    cache_file = tmp_path / "cache" / CACHE_FILE
    cache_file.parent.mkdir()
    cache_file.write_bytes(b"definitely not SQLite\n" * 500)
    report = build([str(shelf)], _options(tmp_path))
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith(f"{cache_file}: the cache file is damaged or not a database")
    assert report.warnings[0].endswith("discarded it and started a new cache")
    assert set(_statuses(report).values()) == {"built"}
    again = build([str(shelf)], _options(tmp_path))
    assert again.warnings == [] and set(_statuses(again).values()) == {"cached"}


def test_a_foreign_sqlite_file_is_discarded_with_a_warning(shelf, tmp_path):
    cache_file = tmp_path / "cache" / CACHE_FILE
    cache_file.parent.mkdir()
    with sqlite3.connect(cache_file) as db:
        db.execute("CREATE TABLE stories (key TEXT, story TEXT)")
        db.execute("INSERT INTO stories VALUES ('x', 'y')")
    db.close()
    report = build([str(shelf)], _options(tmp_path))
    assert report.warnings == [f"{cache_file}: this file is not a ficbind cache; discarded it and started a new cache"]
    with sqlite3.connect(cache_file) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


def test_a_truncated_cache_is_discarded_and_the_build_still_succeeds(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    cache_file = tmp_path / "cache" / CACHE_FILE
    size = cache_file.stat().st_size
    with cache_file.open("r+b") as stream:
        stream.truncate(size // 3)
    (tmp_path / "out" / "shelf.epub").unlink()  # so the stories themselves are needed
    report = build([str(shelf)], _options(tmp_path))
    assert report.warnings and all(str(cache_file) in w for w in report.warnings)
    with zipfile.ZipFile(tmp_path / "out" / "shelf.epub") as epub:
        assert epub.testzip() is None
    assert "patient as a landlord" in _epub_text(tmp_path / "out" / "shelf.epub")
    assert build([str(shelf)], _options(tmp_path)).warnings == []


def test_a_tampered_entry_fails_its_checksum_and_is_never_used(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    cache_file = tmp_path / "cache" / CACHE_FILE
    with sqlite3.connect(cache_file) as db:
        db.execute("UPDATE stories SET story = replace(story, 'kettle', 'teapot')")
        db.execute("UPDATE parts SET data = replace(data, 'kettle', 'teapot')")
    db.close()
    (tmp_path / "out" / "shelf.epub").unlink()
    report = build([str(shelf)], _options(tmp_path))
    text = _epub_text(tmp_path / "out" / "shelf.epub")
    assert "teapot" not in text and "kettle" in text
    assert set(_statuses(report).values()) == {"built"}  # every story read again from its file
    assert any("a cached story failed its check; rebuilt it" in w for w in report.warnings)
    assert any("a cached rendered part failed its check; rebuilt it" in w for w in report.warnings)


def test_tampered_metadata_is_caught_before_selection_uses_it(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        db.execute("UPDATE stories SET meta = replace(meta, 'Last Ferry Home', 'Hijacked')")
    db.close()
    report = build([str(shelf)], _options(tmp_path))
    assert "Hijacked" not in [s.title for s in report.stories]
    assert _statuses(report)["ferry.txt"] == "built"


def test_a_cache_from_another_schema_is_replaced_silently(shelf, tmp_path):
    build([str(shelf)], _options(tmp_path))
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        db.execute("PRAGMA user_version = 999")
    db.close()
    report = build([str(shelf)], _options(tmp_path))
    assert report.warnings == [] and set(_statuses(report).values()) == {"built"}


def test_strict_turns_warnings_into_exit_code_1(shelf, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_FILE).write_bytes(b"\x00garbage" * 100)
    result = run_ficbind("build", str(shelf), "--strict", "--cache", str(cache), cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "out" / "shelf.epub").exists()  # built, but with warnings
    assert result.stderr.startswith(f"ficbind: warning: {cache / CACHE_FILE}: the cache file is damaged")
    clean = run_ficbind("build", str(shelf), "--strict", "--cache", str(cache), cwd=tmp_path)
    assert clean.returncode == 0 and clean.stderr == ""


def test_an_unusable_cache_folder_is_a_warning_not_a_failure(shelf, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    report = build([str(shelf)], _options(tmp_path, cache_dir=blocker))
    assert len(report.warnings) == 1 and "cannot use the cache" in report.warnings[0]
    assert (tmp_path / "out" / "shelf.epub").exists()


# --- two builds, one folder -------------------------------------------------------------------


def test_a_second_build_waits_for_the_folder_lock(shelf, tmp_path):
    out = tmp_path / "out"
    with output_folder_lock(out):
        process = subprocess.Popen(
            [sys.executable, "-m", "ficbind", "build", str(shelf), "-v", "--cache", str(tmp_path / "cache")],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            waiting = ""
            while "waiting for" not in waiting:
                line = process.stderr.readline()
                assert line, "the build finished without waiting for the lock"
                waiting = line
            assert "another ficbind build (pid" in waiting
            assert not (out / "shelf.epub").exists()
        except BaseException:
            process.kill()
            raise
    assert process.wait(timeout=120) == 0
    process.stderr.close()
    process.stdout.close()
    assert (out / "shelf.epub").exists() and not (out / LOCK_NAME).exists()


def test_a_build_refuses_when_the_lock_stays_taken(tmp_path):
    with output_folder_lock(tmp_path):
        with pytest.raises(OutputError) as caught:
            with output_folder_lock(tmp_path, wait_seconds=0):
                pass
    assert "is still writing into this folder" in caught.value.message
    assert f"(pid {__import__('os').getpid()})" in caught.value.message


def test_two_builds_at_once_into_one_folder_both_succeed(shelf, tmp_path):
    command = [sys.executable, "-m", "ficbind", "build", str(shelf), "--json", "-f", "epub,pdf"]
    processes = [
        subprocess.Popen(command + ["--cache", str(tmp_path / f"cache-{k}")], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for k in range(2)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err for _, err in results]
    reports = [json.loads(out) for out, _ in results]
    assert reports[0]["outputs"] == reports[1]["outputs"]
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["shelf.epub", "shelf.pdf"]
    for output in reports[0]["outputs"]:
        assert _sha(tmp_path / output["path"]) == output["sha256"]


def test_the_cache_serves_builds_run_from_another_folder(shelf, tmp_path):
    cache = tmp_path / "cache"
    first = run_ficbind("build", "book.toml", "--json", "--cache", str(cache), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    elsewhere = tmp_path / "stories"
    second = run_ficbind("build", "../book.toml", "--json", "-o", "../out", "--cache", str(cache), cwd=elsewhere)
    report = json.loads(second.stdout)
    assert {s["status"] for s in report["stories"]} == {"cached"}
    assert report["stories"][0]["path"] == "ferry.txt"  # paths as seen from where it ran
    assert report["outputs"][0]["sha256"] == json.loads(first.stdout)["outputs"][0]["sha256"]
