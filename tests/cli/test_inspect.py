"""`ficbind inspect`: exactly the issue's keys in JSON, and a table that shows what was taken."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import INPUTS, SEEDS, run_ficbind

HEADERS = INPUTS / "headers"
KEYS = ["path", "read_as", "title", "authors", "fandoms", "relationships", "characters", "rating", "warnings",
        "category", "tags", "language", "series", "summary", "notes", "end_notes", "disclaimer", "prompt",
        "dedication", "spoilers", "stated_word_count", "word_count", "chapters", "fields", "opening"]
LISTS = {"authors", "fandoms", "relationships", "characters", "warnings", "category", "tags", "chapters", "fields"}


def test_json_has_exactly_the_keys_with_empty_lists_and_nulls():
    files = sorted(SEEDS.glob("*.txt")) + [HEADERS / "title-alone.txt", HEADERS / "front-matter.md"]
    result = run_ficbind("inspect", "--json", *map(str, files))
    assert result.returncode == 0, result.stderr
    stories = json.loads(result.stdout)
    assert len(stories) == len(files)
    for story in stories:
        assert list(story) == KEYS
        for key, value in story.items():
            if key in LISTS:
                assert isinstance(value, list), key
            elif key == "word_count":
                assert isinstance(value, int)
            elif key != "opening":
                assert value is None or (isinstance(value, str) and value), key
    bare = stories[-2]
    assert bare["authors"] == [] and bare["rating"] is None and bare["summary"] is None and bare["fields"] == []


def test_opening_is_the_first_80_characters_of_the_body():
    result = run_ficbind("inspect", "--json", str(HEADERS / "ao3-chapters.txt"), str(next(SEEDS.glob("002_*"))))
    ao3, seed = json.loads(result.stdout)
    assert ao3["opening"] == "Master Hollis laid the commission on the table between them as if it might bite."[:80]
    assert len(seed["opening"]) == 80 and seed["opening"].startswith("You manage—somehow—to wait")


def test_fields_are_every_header_field_as_written_in_order():
    result = run_ficbind("inspect", "--json", str(next(SEEDS.glob("000_*"))))
    (story,) = json.loads(result.stdout)
    assert [f["label"] for f in story["fields"]] == [
        "Title", "Characters/Pairings", "Word Count", "Rating", "Prompt", "Summary"]
    # the value as the author typed it: straight quotes, the `From` / `miss_blanche` line joined
    assert story["fields"][0]["value"] == "Echoes of angels that won't return..."
    assert story["fields"][4]["value"].startswith("From miss_blanche , Cause I’m fake")


def test_table_shows_what_was_read_and_the_lines_taken():
    result = run_ficbind("inspect", str(next(SEEDS.glob("003_*"))), str(HEADERS / "typo-labels.txt"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "A Little Bit of Goodbye" in out and "end notes" in out
    assert "Lines read as header and notes" in out
    # seed 003: its title line (1) and the A/N at the bottom (70, 71)
    lines = [line.strip().split(None, 1) for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert ["1", "A Little Bit of Goodbye"] in lines
    assert any(number == "70" and text.startswith("A/N:") for number, text in lines)
    # a label ficbind keeps without mapping it
    assert "Beta (kept as written)" in out and "the ever-patient sorrel" in out


def test_a_missing_file_is_one_line_naming_it(tmp_path):
    result = run_ficbind("inspect", str(tmp_path / "nope.txt"))
    assert result.returncode == 3
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr


def test_a_folder_is_inspected_story_by_story(tmp_path):
    for seed in sorted(SEEDS.glob("00[01]_*.txt")):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4\n")  # not a story file: left alone, as in a build
    result = run_ficbind("inspect", "--json", str(tmp_path))
    assert result.returncode == 0, result.stderr
    stories = json.loads(result.stdout)
    assert [Path(story["path"]).name for story in stories] == sorted(p.name for p in SEEDS.glob("00[01]_*.txt"))
    assert stories[1]["title"] == "spend all your spare time trying to escape"


def test_one_bad_file_does_not_hide_the_others(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = next(SEEDS.glob("003_*.txt"))
    result = run_ficbind("inspect", "--json", "empty.txt", str(good), "gone.txt", cwd=tmp_path)
    assert result.returncode == 3
    empty, story, gone = json.loads(result.stdout)
    assert empty == {"path": "empty.txt",
                     "error": "empty.txt: the file is empty (0 bytes); save the story into it, or leave it out"}
    assert story["title"] == "A Little Bit of Goodbye"
    assert gone == {"path": "gone.txt", "error": "gone.txt: no such file or folder; check the path"}

    table = run_ficbind("inspect", "empty.txt", str(good), cwd=tmp_path)
    assert table.returncode == 3
    assert table.stderr == ("ficbind: error: empty.txt: the file is empty (0 bytes); "
                            "save the story into it, or leave it out\n")
    assert "A Little Bit of Goodbye" in table.stdout
