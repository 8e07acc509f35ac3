"""`ficbind build --watch`: a rebuild after each change to a story or the manifest; Ctrl-C ends it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from ficbind import BuildOptions, build
from ficbind.cli.watch import watch
from ficbind.errors import FicbindError

from library import write_library, write_manifest

MANIFEST = '[book]\ntitle = "Shelf"\n\n[[story]]\npath = "stories/*"\n\n[output]\nformats = ["epub"]\n'


def test_watch_rebuilds_after_each_change_and_survives_a_broken_manifest(tmp_path):
    write_library(tmp_path)
    manifest = write_manifest(tmp_path, MANIFEST)
    options = BuildOptions(output_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    storm = tmp_path / "stories" / "storm.txt"
    results: list = []

    # Each step runs after a build, makes the next change, and the watch must notice it.
    def edit_a_story():
        storm.write_text(storm.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")

    def break_the_manifest():
        manifest.write_text(MANIFEST.replace('title = "Shelf"', 'title = "Shelf'), encoding="utf-8")

    def fix_the_manifest():
        manifest.write_text(MANIFEST.replace('"Shelf"', '"Another Shelf"'), encoding="utf-8")

    def add_a_story():
        (tmp_path / "stories" / "new.txt").write_text("Title: Brand New\n\nJust arrived.\n", encoding="utf-8")

    def stop():
        raise KeyboardInterrupt  # what Ctrl-C raises

    steps = [edit_a_story, break_the_manifest, fix_the_manifest, add_a_story, stop]

    def rebuild():
        try:
            results.append(build([str(manifest)], options))
        except FicbindError as error:
            results.append(error)
        steps.pop(0)()

    watch([str(manifest)], rebuild, interval=0.01)  # returns normally on Ctrl-C

    assert len(results) == 5 and not steps
    first, edited, broken, fixed, added = results
    assert {s.status for s in first.stories} == {"built"}
    assert {Path(s.path).name: s.status for s in edited.stories}["storm.txt"] == "built"
    assert [s.status for s in edited.stories].count("cached") == 4
    assert isinstance(broken, FicbindError) and "not valid TOML" in str(broken)
    assert {s.status for s in fixed.stories} == {"cached"} and fixed.outputs[0].path.endswith("another-shelf.epub")
    assert [(s.title, s.status) for s in added.stories if s.status == "built"] == [("Brand New", "built")]


def test_watch_from_the_command_line_and_ctrl_c(tmp_path):
    write_library(tmp_path)
    manifest = write_manifest(tmp_path, MANIFEST)
    process = subprocess.Popen(
        [sys.executable, "-m", "ficbind", "build", str(manifest), "--watch", "--json", "--cache", str(tmp_path / "c")],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = json.loads(process.stdout.readline())  # one JSON line per build
        assert {s["status"] for s in first["stories"]} == {"built"}
        ferry = tmp_path / "stories" / "ferry.txt"
        ferry.write_text(ferry.read_text(encoding="utf-8") + "\nA proofreading fix.\n", encoding="utf-8")
        second = json.loads(process.stdout.readline())
        assert [s["status"] for s in second["stories"]] == ["built", "cached", "cached", "cached", "cached"]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        stdout, stderr = process.communicate()
    assert stdout == "" and stderr == ""  # not a terminal: nothing but the reports
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["shelf.epub"]
