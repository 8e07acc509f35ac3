"""[select]: each filter, each sort key, and [[story]] overrides, through real builds."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from ficbind import BuildOptions, build
from ficbind.errors import ManifestError
from ficbind.model import StoryMeta
from ficbind.project.selection import Selection, is_selected, match_key, published_date

from library import write_library, write_manifest


def _build(folder: Path, select: str = "", stories: str = '[[story]]\npath = "stories/*"\n', **options):
    manifest = write_manifest(folder, f'[book]\ntitle = "Shelf"\n{stories}\n[select]\n{select}\n')
    settings = BuildOptions(output_dir=folder / "out", formats=("epub",), cache_dir=folder / "cache", **options)
    return build([str(manifest)], settings)


def _titles(report) -> list[str]:
    return [story.title for story in report.stories]


@pytest.fixture
def library(tmp_path):
    write_library(tmp_path)
    return tmp_path


def test_no_filters_keeps_every_story_in_manifest_order(library):
    # a glob gives its files in name order: ferry, greys, harbour, mature, storm
    assert _titles(_build(library)) == [
        "Last Ferry Home", "Night Shift", "The Harbour at Dusk", "Burn Marks", "after the storm"
    ]


def test_fandoms_match_qualified_fandom_names(library):
    report = _build(library, 'fandoms = ["supernatural"]')
    # "Supernatural (TV 2005)" is Supernatural too
    assert _titles(report) == ["The Harbour at Dusk", "Burn Marks", "after the storm"]
    assert report.left_out == 2


def test_fandoms_ignore_case_and_punctuation(library):
    assert _titles(_build(library, "fandoms = [\"GREY'S ANATOMY\"]")) == ["Night Shift"]
    assert _titles(_build(library, 'fandoms = ["greys anatomy", "good omens"]')) == [
        "Last Ferry Home", "Night Shift"
    ]


def test_ratings_keep_only_the_listed_ratings(library):
    assert _titles(_build(library, 'ratings = ["g", "PG"]')) == [
        "Last Ferry Home", "Night Shift", "The Harbour at Dusk"
    ]
    assert _titles(_build(library, 'ratings = ["teen and up audiences"]')) == ["after the storm"]


def test_exclude_tags_removes_stories_carrying_a_tag_or_warning(library):
    # "Major Character Death" is an archive warning; "fluff" a freeform tag
    assert "after the storm" not in _titles(_build(library, 'exclude_tags = ["major character death"]'))
    assert _titles(_build(library, 'exclude_tags = ["Fluff", "major-character-death"]')) == [
        "Night Shift", "The Harbour at Dusk", "Burn Marks"
    ]


def test_filters_combine_any_of_within_a_key_and_all_across_keys(library):
    report = _build(library, '''
        fandoms = ["Supernatural", "Good Omens"]
        ratings = ["G", "PG", "Teen And Up Audiences"]
        exclude_tags = ["major character death"]
    '''.replace("        ", ""))
    assert _titles(report) == ["Last Ferry Home", "The Harbour at Dusk"]


@pytest.mark.parametrize("sort, titles", [
    ("title", ["after the storm", "Burn Marks", "Last Ferry Home", "Night Shift", "The Harbour at Dusk"]),
    ("author", ["Night Shift", "after the storm", "Last Ferry Home", "Burn Marks", "The Harbour at Dusk"]),
    ("words", ["Last Ferry Home", "Burn Marks", "after the storm", "The Harbour at Dusk", "Night Shift"]),
    # undated stories go last
    ("date", ["Night Shift", "Last Ferry Home", "The Harbour at Dusk", "after the storm", "Burn Marks"]),
])
def test_each_sort_key(library, sort, titles):
    report = _build(library, f'sort = "{sort}"')
    assert _titles(report) == titles
    if sort == "words":
        words = [s.words for s in report.stories]
        assert words == sorted(words)


def test_the_book_follows_the_selection_order(library):
    _build(library, 'sort = "title"\nratings = ["G", "PG"]')
    with zipfile.ZipFile(library / "out" / "shelf.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    positions = [nav.index(title) for title in ("Last Ferry Home", "Night Shift", "The Harbour at Dusk")]
    assert positions == sorted(positions)
    assert "Burn Marks" not in nav


def test_nothing_selected_is_a_manifest_error_at_the_select_table(library):
    with pytest.raises(ManifestError) as caught:
        _build(library, 'fandoms = ["Star Trek"]')
    assert caught.value.line == 6  # the line of [select]
    assert "none of the 5 stories matches [select]" in caught.value.message


def test_overrides_win_over_the_header_and_steer_selection(library):
    stories = '''
[[story]]
path = "stories/*"

[[story]]
path = "stories/mature.txt"
title = "Burn Marks (revised)"
rating = "PG"
fandoms = ["Good Omens"]
summary = "First paragraph.\\n\\nSecond paragraph."
'''
    report = _build(library, 'fandoms = ["good omens"]', stories=stories)
    # named twice, bound once, at the glob's place, with the later entry's overrides
    assert _titles(report) == ["Last Ferry Home", "Burn Marks (revised)"]
    with zipfile.ZipFile(library / "out" / "shelf.epub") as epub:
        story = next(epub.read(n).decode() for n in epub.namelist()
                     if n.startswith("EPUB/text/story-") and "Burn Marks (revised)" in epub.read(n).decode())
    assert "<dd>PG</dd>" in story and "<dd>Good Omens</dd>" in story
    assert "<p>First paragraph.</p>" in story and "<p>Second paragraph.</p>" in story


def test_an_override_changes_the_cache_key(library):
    first = _build(library, stories='[[story]]\npath = "stories/ferry.txt"\n')
    assert [s.status for s in first.stories] == ["built"]
    again = _build(library, stories='[[story]]\npath = "stories/ferry.txt"\n')
    assert [s.status for s in again.stories] == ["cached"]
    changed = _build(library, stories='[[story]]\npath = "stories/ferry.txt"\ntitle = "Ferry"\n')
    assert [(s.status, s.title) for s in changed.stories] == [("built", "Ferry")]


# --- the rules themselves -------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("grey’s anatomy", "Grey's Anatomy"),
    ("Teen And Up Audiences", "teen-and-up audiences"),
    ("PG-13", "pg13"),
    ("ＧＯＯＤ ＯＭＥＮＳ", "good omens"),  # full-width letters, as pasted from some sites
])
def test_match_key_equates(a, b):
    assert match_key(a) == match_key(b)


def test_match_key_keeps_different_names_apart():
    assert match_key("PG") != match_key("PG-13")
    assert match_key("G") != match_key("General Audiences")


def test_a_story_without_the_filtered_field_is_left_out():
    assert not is_selected(Selection(ratings=("G",)), StoryMeta(title="x"))
    assert not is_selected(Selection(fandoms=("Supernatural",)), StoryMeta(title="x"))
    assert is_selected(Selection(exclude_tags=("angst",)), StoryMeta(title="x"))


def test_a_fandom_filter_does_not_match_a_longer_name():
    assert not is_selected(Selection(fandoms=("Super",)), StoryMeta(fandoms=["Supernatural"]))
    assert is_selected(Selection(fandoms=("Good Omens",)), StoryMeta(fandoms=["Good Omens (TV)"]))


@pytest.mark.parametrize("text, expected", [
    ("2019-03-04", date(2019, 3, 4)),
    ("Published: 2019/3/4 Words: 5000", date(2019, 3, 4)),
    ("4 March 2019", date(2019, 3, 4)),
    ("Mar 4th, 2019", date(2019, 3, 4)),
    ("sometime in 2008", date(2008, 1, 1)),
    ("2019-13-40", date(2019, 1, 1)),
    ("last spring", None),
    (None, None),
])
def test_published_date(text, expected):
    assert published_date(text) == expected
