"""The web-page readers on real downloads: AO3 HTML downloads of every template era,
saved AO3 work pages, saved FanFiction.net pages, a forum post.

The real files live in `../shared/real-world/` (their texts belong to their authors and
are never copied here); the tests skip when it is absent. The golden files hold what a
reviewer needs and no author's prose: the metadata the source states, each chapter's
title, its block kinds and counts, and a short hash of its text.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from ficbind.model import (
    BlockQuote,
    Emphasis,
    Heading,
    ItemList,
    Note,
    Paragraph,
    SceneBreak,
    Story,
    Strong,
    blocks_text,
    inline_text,
)
from ficbind.readers import describe_format, read_story

from conftest import GOLDEN, check_golden, real_world

# (file, what it is read as)
PAGES = [
    ("ao3-my-aim-is-steady/htmlTest.html", "AO3 HTML download"),
    ("ao3-fire-and-feather/incompleteWork.html", "AO3 HTML download"),
    ("ao3-world-on-his-wrist/workInSeries.html", "AO3 HTML download"),
    ("ao3-funeral-shroud/A Funeral Shroud for.html", "AO3 HTML download"),
    ("ao3-mr-bronner/Will the Real Mr Bronner.html", "AO3 HTML download"),
    ("ao3-surly-bonds/Those Few Whove Slipped.html", "AO3 HTML download"),
    ("ao3-wu-yan-hui-yi/Wu Yan Hui Yi.html", "AO3 HTML download"),
    ("ao3-my-aim-is-steady/unlockedWorkNoSkin.html", "AO3 work page"),
    ("ao3-workpage-time-was/where.html", "AO3 work page"),
    ("ffn-page-counting/counting1.html", "FanFiction.net page"),
    ("ffn-page-counting/counting2.html", "FanFiction.net page"),
    ("forum-lcficmbs-lucky-strike/story-part.html", "forum post"),
]
# AO3's and the sites' own words, which must never reach the book.
FURNITURE = [
    "drop by the Archive", "Posted originally on", "Chapter Text", "Work Text", "See the end of the",
    "left kudos", "Kudos", "Comments (", "Log In", "Follow/Fav", "Story Width", "Previous Thread",
    "Print Thread", "pagespeed", "function(", "getElementsByTagName", "window.innerHeight", "Archive of Our Own",
]


def _real(name: str) -> Path:
    return real_world(name)


def _hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


def _kinds(blocks: list) -> dict[str, int]:
    return dict(sorted(Counter(type(b).__name__ for b in blocks).items()))


def _emphasis(blocks: list) -> int:
    def count(inlines: list) -> int:
        return sum(1 + count(n.content) if isinstance(n, Emphasis) else
                   count(n.content) if isinstance(n, Strong) else 0 for n in inlines)

    total = 0
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            total += count(block.content)
        elif isinstance(block, (Note, BlockQuote)):
            total += _emphasis(block.blocks)
        elif isinstance(block, ItemList):
            total += sum(_emphasis(item) for item in block.items)
    return total


def _rich(blocks: list) -> dict | None:
    return {"paragraphs": len(blocks), "text": _hash(blocks_text(blocks))} if blocks else None


def digest(story: Story) -> dict:
    """What the golden file keeps of a story: metadata, structure, hashes of the prose."""
    meta = story.meta
    chapters: list[dict] = []
    current: dict = {"title": None, "blocks": []}
    for block in story.blocks:
        if isinstance(block, Heading) and block.level == 1:
            if current["blocks"] or current["title"] is not None:
                chapters.append(current)
            current = {"title": inline_text(block.content), "blocks": []}
        else:
            current["blocks"].append(block)
    chapters.append(current)
    return {
        "title": meta.title,
        "authors": meta.authors,
        "fandoms": meta.fandoms,
        "rating": meta.rating,
        "warnings": meta.warnings,
        "category": meta.category,
        "relationships": meta.relationships,
        "characters": meta.characters,
        "tags": meta.tags,
        "language": meta.language,
        "series": meta.series,
        "published": meta.published,
        "stated_word_count": meta.stated_word_count,
        "source": meta.source,
        "extra": [[f.label, f.value] for f in meta.extra],
        "fields": [f.label for f in meta.fields],
        "summary": _rich(meta.summary),
        "notes": _rich(meta.notes),
        "end_notes": _rich(meta.end_notes),
        "disclaimer": _rich(meta.disclaimer),
        "chapters": [
            {
                "title": chapter["title"],
                "blocks": _kinds(chapter["blocks"]),
                "notes": [n.label for n in chapter["blocks"] if isinstance(n, Note)],
                "emphasis": _emphasis(chapter["blocks"]),
                "text": _hash(blocks_text([b for b in chapter["blocks"] if not isinstance(b, Note)])),
            }
            for chapter in chapters
        ],
    }


def _read(name: str) -> Story:
    return read_story(_real(name), name)


@pytest.mark.quick
@pytest.mark.parametrize(("name", "kind"), PAGES, ids=[p for p, _ in PAGES])
def test_page_reads_as_golden(name, kind, save_golden):
    path = _real(name)
    assert describe_format(path.read_bytes(), path, name) == kind
    story = read_story(path, name)
    golden = GOLDEN / "readers-html" / (name.replace("/", "--").replace(" ", "_") + ".json")
    check_golden(golden, _layout(digest(story)), save_golden)


def _layout(data: dict) -> str:
    """One key a line, one chapter a line: a diff shows which field or chapter changed."""
    lines = []
    for key, value in data.items():
        if key == "chapters":
            inner = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in value)
            lines.append(f'  "{key}": [\n{inner}\n  ]')
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _all_text(story: Story) -> str:
    meta = story.meta
    rich = [meta.summary, meta.notes, meta.end_notes, meta.disclaimer, meta.prompt, meta.dedication]
    return "\n".join([blocks_text(story.blocks), *(blocks_text(b) for b in rich), meta.title or "",
                      *(f.value for f in meta.extra)])


@pytest.mark.quick
@pytest.mark.parametrize(("name", "kind"), PAGES, ids=[p for p, _ in PAGES])
def test_no_site_furniture_reaches_the_book(name, kind):
    text = _all_text(_read(name))
    for words in FURNITURE:
        assert words not in text, words
    assert "<" not in text.replace("<3", "") and "&lt;" not in text and "&amp;" not in text


@pytest.mark.quick
def test_an_ao3_download_keeps_its_tags_whole_and_its_labels_singular_or_plural():
    story = _read("ao3-world-on-his-wrist/workInSeries.html")
    meta = story.meta
    assert meta.title == "The World on His Wrist" and meta.authors == ["bendingsignpost"]
    assert meta.category == ["F/M", "M/M"]  # `Categories:` (plural)
    assert meta.relationships == ["Sarah Sawyer/John Watson", "Sherlock Holmes/John Watson"]
    assert "Sherlock Holmes (again)" in meta.characters
    assert meta.series == "Watches 'Verse"
    assert any(f.label == "Series" and f.value == "Part 1 of Watches 'Verse" for f in meta.fields)
    assert meta.published == "2012-02-07" and meta.stated_word_count == "31,623"
    headings = [inline_text(b.content) for b in story.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[0] == "Chapter 1\nPrologue" and headings[1] == "Chapter 2" and len(headings) == 8
    assert sum(isinstance(b, SceneBreak) for b in story.blocks) >= 10


@pytest.mark.quick
def test_a_work_in_progress_keeps_its_chapter_notes_beside_their_chapters():
    story = _read("ao3-fire-and-feather/incompleteWork.html")
    labels = [(b.label if isinstance(b, Note) else "heading") for b in story.blocks
              if isinstance(b, (Note, Heading))]
    # The site's chapter notes, with the notes typed into chapters 2 and 3 beside them.
    assert labels == ["heading", "heading", "Chapter notes", "Author’s note", "Disclaimer", "Chapter end notes",
                      "heading", "Author’s note", "Disclaimer", "Chapter end notes"]
    assert blocks_text(story.meta.end_notes).startswith("I think this is my longest published work")
    assert blocks_text(story.meta.notes).startswith("This is my first fanfic ever.")
    assert any(f.label == "Chapters" and f.value == "3/?" for f in story.meta.extra)
    assert _emphasis(story.blocks) > 20  # "so many italics", as the author says


@pytest.mark.quick
def test_older_templates_read_like_the_current_one():
    old = _read("ao3-mr-bronner/Will the Real Mr Bronner.html")  # minified CSS, http links, <p><span>
    assert old.meta.series == "A Wheel Inside a Wheel" and old.meta.end_notes
    assert old.meta.summary and not old.meta.notes  # `Notes` says only "see the end"
    first = next(b for b in old.blocks if isinstance(b, Paragraph) and "Heinessen Register" in inline_text(b.content))
    # `</em>\n  <span>, I am` : the sanitiser's line break is no space before the comma.
    assert "Register, I am" in inline_text(first.content)
    assert any(isinstance(n, Emphasis) and inline_text(n.content) == "Heinessen Register" for n in first.content)
    unindented = _read("ao3-surly-bonds/Those Few Whove Slipped.html")
    titles = [inline_text(b.content) for b in unindented.blocks if isinstance(b, Heading)]
    assert titles == ["An Obituary for Dietrich Bronner, As Published In the Neue Reich Daily Register",
                      "A Walking Shadow, A Poor Player", "Even In Another Age, Even In Another Place"]
    assert unindented.meta.warnings == ["Creator Chose Not To Use Archive Warnings", "Major Character Death"]


@pytest.mark.quick
def test_a_chinese_work_reads_with_its_chapter_titles_and_no_script_from_its_notes():
    story = _read("ao3-wu-yan-hui-yi/Wu Yan Hui Yi.html")
    assert story.meta.title == "无言会意" and story.meta.series == "【授翻】轮中之轮"
    assert story.meta.language == "中文-普通话 國語"
    titles = [inline_text(b.content) for b in story.blocks if isinstance(b, Heading) and b.level == 1]
    assert len(titles) == 14 and titles[1] == "前往阿拉斯加"
    assert "pagespeed" not in _all_text(story)


@pytest.mark.quick
def test_a_saved_work_page_reads_like_the_download():
    download = _read("ao3-my-aim-is-steady/htmlTest.html")
    page = _read("ao3-my-aim-is-steady/unlockedWorkNoSkin.html")
    for name in ("title", "authors", "fandoms", "rating", "warnings", "category", "relationships", "characters",
                 "tags", "language", "published", "stated_word_count"):
        assert getattr(page.meta, name) == getattr(download.meta, name), name
    assert blocks_text(page.meta.summary) == blocks_text(download.meta.summary)
    assert blocks_text(page.meta.end_notes) == blocks_text(download.meta.end_notes)
    assert blocks_text(page.blocks) == blocks_text(download.blocks)
    # Kudos and hits describe the page on the day it was saved: kept, never shown.
    assert any(f.label == "Kudos" for f in page.meta.fields)
    assert not any(f.label in ("Kudos", "Hits", "Comments", "Bookmarks") for f in page.meta.extra)


@pytest.mark.quick
def test_a_logged_in_fragment_of_a_work_page_reads():
    story = _read("ao3-workpage-time-was/where.html")
    assert story.meta.title == "Time Was, Time Is" and story.meta.authors == ["Sidra"]
    assert story.meta.source == "https://archiveofourown.org/works/692"
    assert [inline_text(b.content) for b in story.blocks if isinstance(b, Heading)] == ["Chapter 1\nWhere am I?"]


@pytest.mark.quick
def test_a_fanfiction_net_page_reads_its_profile_and_chapter():
    story = _read("ffn-page-counting/counting2.html")
    meta = story.meta
    assert (meta.title, meta.authors, meta.fandoms) == ("Counting", ["ambtus"], ["Harry Potter"])
    assert meta.rating == "T" and meta.language == "English" and meta.characters == ["Harry P."]
    assert meta.tags == ["Angst", "Romance"] and meta.stated_word_count == "204"
    assert blocks_text(meta.summary) == "2 connected drabbles."
    assert inline_text(story.blocks[0].content) == "Chapter 2\nThe Flower"
    assert _emphasis(story.blocks) >= 5


@pytest.mark.quick
def test_a_forum_post_reads_the_header_inside_it():
    story = _read("forum-lcficmbs-lucky-strike/story-part.html")
    meta = story.meta
    assert meta.title == "A Lucky Strike" and meta.authors == ["KSaraSara"]
    assert blocks_text(meta.summary).startswith("As the events in Bowled Over continue")
    notes = blocks_text(meta.notes)
    assert notes.startswith("This is story 3 in a series") and "I'm on a roll?" in notes
    assert blocks_text(story.blocks).startswith("Lois thought she'd been in for a long night")
    assert _emphasis(story.blocks) >= 3  # <span style="font-style: italic">
