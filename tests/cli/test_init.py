"""`ficbind init`: a commented starter manifest that builds as written."""

from __future__ import annotations

import codecs
import json
import shutil

from ficbind.project.manifest import load_manifest

from conftest import INPUTS, SEEDS, epubcheck_problems, run_ficbind
from library import write_library


def test_init_lists_every_story_with_what_was_read_and_builds_as_written(tmp_path):
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    result = run_ficbind("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote ficbind.toml with 4 stories; check it, then run: ficbind build\n"

    text = (tmp_path / "ficbind.toml").read_text(encoding="utf-8")
    manifest = load_manifest(tmp_path / "ficbind.toml")
    assert [entry.path for entry in manifest.stories] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert manifest.output == {"formats": ["epub", "pdf"], "name": manifest.output["name"], "page_size": "a5"}
    # what ficbind read is shown beside each entry, and the folder's fandoms and ratings offered
    assert "# “A Little Bit of Goodbye” · 1,159 words\n[[story]]" in text
    assert "# ratings = [" in text and "here: PG-13 (1)" in text
    assert 'sort = "manifest"' in text and '"title", "author", "words", "date"' in text

    built = run_ficbind("build", "--json", "-f", "epub", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert len(report["stories"]) == 4 and report["warnings"] == []
    assert epubcheck_problems(tmp_path / report["outputs"][0]["path"]) == []


def test_init_never_overwrites_without_force(tmp_path):
    write_library(tmp_path)
    stories = tmp_path / "stories"
    (stories / "ficbind.toml").write_text("# my own careful manifest\n", encoding="utf-8")
    refused = run_ficbind("init", "stories", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        "ficbind: error: stories/ficbind.toml: already exists; edit it, or pass --force to replace it\n"
    )
    assert (stories / "ficbind.toml").read_text(encoding="utf-8") == "# my own careful manifest\n"
    replaced = run_ficbind("init", "stories", "--force", cwd=tmp_path)
    assert replaced.returncode == 0
    assert replaced.stdout.endswith("run: ficbind build stories/ficbind.toml\n")
    assert len(load_manifest(stories / "ficbind.toml").stories) == 5


def test_odd_file_names_still_name_their_own_files(tmp_path):
    odd = {
        'draft [v2] "final".txt': 'Title: Quotes "and" \\ backslashes\nFandom: Good Omens\n\nA short scene.\n',
        "café ☕.txt": "Title: Café\n\nAnother short scene.\n",
        "*.txt": "Title: A Star\n\nThe file's name is a glob.\n",
    }
    for name, text in odd.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert run_ficbind("init", cwd=tmp_path).returncode == 0
    manifest = load_manifest(tmp_path / "ficbind.toml")
    assert sorted(entry.path for entry in manifest.stories) == sorted(odd)
    built = run_ficbind("build", "--json", "-f", "epub", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    # each entry names its own file only, even the one whose name is a glob
    assert sorted(s["path"] for s in json.loads(built.stdout)["stories"]) == sorted(odd)


def test_control_characters_in_titles_still_make_valid_toml(tmp_path):
    (tmp_path / "a.txt").write_text("Title: Bell\x07, tab\there, DEL\x7f, and\x1bescape\n\nWords.\n",
                                    encoding="utf-8")
    (tmp_path / "b\tc.txt").write_text("Title: Plain\n\nWords.\n", encoding="utf-8")
    assert run_ficbind("init", cwd=tmp_path).returncode == 0
    text = (tmp_path / "ficbind.toml").read_text(encoding="utf-8")
    # the reader drops the control characters; the tab the comment shows as a space
    assert "# “Bell, tab here, DEL, andescape” · 1 word" in text
    assert [entry.path for entry in load_manifest(tmp_path / "ficbind.toml").stories] == ["a.txt", "b\tc.txt"]


def test_an_unreadable_story_is_listed_commented_out(tmp_path):
    (tmp_path / "good.txt").write_text("Title: Good\n\nFine words.\n", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 4)
    assert run_ficbind("init", cwd=tmp_path).returncode == 0
    text = (tmp_path / "ficbind.toml").read_text(encoding="utf-8")
    assert "# Could not be read (cannot decode the file as utf-32-le" in text
    assert '# [[story]]\n# path = "broken.txt"' in text
    assert [entry.path for entry in load_manifest(tmp_path / "ficbind.toml").stories] == ["good.txt"]


def test_init_in_a_folder_without_stories_is_exit_code_3(tmp_path):
    result = run_ficbind("init", cwd=tmp_path)
    assert result.returncode == 3
    # Every kind of file ficbind reads is named, not only .txt.
    named = result.stderr.split("no story files (", 1)[1].split(")", 1)[0].split(", ")
    assert {".txt", ".md", ".epub", ".html"} <= set(named)
    assert not (tmp_path / "ficbind.toml").exists()


def test_init_writes_the_language_as_a_tag_not_as_the_header_names_it(tmp_path):
    # AO3's copy says `Language: English`; [book] language is a BCP 47 tag, as the EPUB needs.
    shutil.copy(INPUTS / "headers" / "ao3-page-copy.txt", tmp_path / "story.txt")
    result = run_ficbind("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = load_manifest(tmp_path / "ficbind.toml")
    assert manifest.book["language"] == "en"
