"""EPUB downloads read into the model: golden summaries from the real-world files.

The real files (AO3's own EPUBs, FanFicFare, fichub, WebToEpub) live beside the
repository in ../shared/real-world/ and their texts belong to their authors, so the
goldens hold no prose: the metadata, the chapter titles, each chapter's block kinds
and counts, and a short hash of each chapter's text (and of each note).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ficbind.model import (
    Emphasis,
    Heading,
    Note,
    SceneBreak,
    Story,
    Strong,
    blocks_text,
    inline_text,
    native,
)
from ficbind.readers import read_story

from conftest import GOLDEN, check_golden, real_world

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


# (golden name, file, the reader's module that should read it)
EPUBS = [
    ("ao3-my-aim-is-steady", "ao3-my-aim-is-steady/epubTest.epub", "ao3"),
    ("ao3-fire-and-feather", "ao3-fire-and-feather/incompleteWork.epub", "ao3"),
    ("ao3-world-on-his-wrist", "ao3-world-on-his-wrist/workInSeries.epub", "ao3"),
    ("ao3-epub-johnlock", "ao3-epub-johnlock/johnlock_a_random_day.epub", "ao3"),
    ("fff-like-fire-and-water", "fff-epub-like-fire-and-water/like_fire_and_water.epub", "fanficfare"),
    ("fichub-sigh-no-more", "fichub-epub-sigh-no-more/sigh_no_more.epub", "fichub"),
    ("fichub-ffn-hunted", "fichub-ffn-epub-hunted/hunted.epub", "fichub"),
    ("webtoepub-ffn-isolation", "webtoepub-ffn-isolation/isolation.epub", "webtoepub"),
]
# What the sites and tools print around a story, never the story's.
FURNITURE = [
    "Posted originally on", "drop by the Archive", "See the end of the", "Chapter Text", "Work Text:",
    "Exported with the assistance", "FicHub", "fanficfare", "Table of Contents URL", "Send Private Message",
    "Packaged:", "Story URL",
]


def _real(relative: str) -> Path:
    return real_world(relative)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _kinds(blocks) -> dict[str, int]:
    counts: dict[str, int] = {}
    for block in blocks:
        counts[type(block).__name__] = counts.get(type(block).__name__, 0) + 1
    return dict(sorted(counts.items()))


def summary_of(story: Story) -> dict:
    """What a golden keeps of a story: metadata as read, prose only as hashes."""
    meta = native.to_native(story.meta)
    kept: dict = {}
    for key, value in meta.items():
        if key in ("t", "fields", "extra") or value in (None, [], ""):
            continue
        if key in ("summary", "notes", "end_notes", "disclaimer", "prompt", "dedication"):
            blocks = native.from_native(value)
            kept[key] = {"blocks": _kinds(blocks), "text": _hash(blocks_text(blocks))}
        else:
            kept[key] = value
    kept["extra"] = [f"{f.label}: {f.value}" for f in story.meta.extra]
    kept["fields"] = [f.label for f in story.meta.fields]
    chapters: list[dict] = []
    current: dict = {"title": None, "blocks": []}
    for block in story.blocks:
        if isinstance(block, Heading) and block.level == 1:
            chapters.append(current)
            current = {"title": inline_text(block.content), "blocks": []}
        else:
            current["blocks"].append(block)
    chapters.append(current)
    kept["chapters"] = [
        {"title": c["title"], "blocks": _kinds(c["blocks"]), "text": _hash(blocks_text(c["blocks"])),
         "notes": [f"{b.label}: {_hash(blocks_text(b.blocks))}" for b in c["blocks"] if isinstance(b, Note)]}
        for c in chapters if c["title"] is not None or c["blocks"]
    ]
    return kept


@pytest.mark.parametrize(("name", "relative", "module"), EPUBS, ids=[e[0] for e in EPUBS])
def test_epub_reads_as_golden(name, relative, module, save_golden):
    story = read_story(_real(relative), f"real-world/{relative}")
    actual = json.dumps(summary_of(story), ensure_ascii=False, indent=1) + "\n"
    check_golden(GOLDEN / "readers" / "epub" / f"{name}.json", actual, save_golden)


@pytest.mark.parametrize(("name", "relative", "module"), EPUBS, ids=[e[0] for e in EPUBS])
def test_each_tool_is_recognised(name, relative, module):
    from ficbind.readers import epub
    from ficbind.readers.epub.download import Epub

    opened = Epub(_real(relative).read_bytes(), relative)
    found = next((m for m, (recognises, _) in zip(("fanficfare", "webtoepub", "fichub", "ao3"),
                                                  epub._producers()) if recognises(opened)), "generic")
    assert found == module


@pytest.mark.parametrize(("name", "relative", "module"), EPUBS, ids=[e[0] for e in EPUBS])
def test_no_site_furniture_reaches_the_text(name, relative, module):
    story = read_story(_real(relative), relative)
    text = blocks_text(story.blocks) + blocks_text(story.meta.summary + story.meta.notes + story.meta.end_notes)
    for furniture in FURNITURE:
        assert furniture.casefold() not in text.casefold(), furniture
    assert story.meta.title and story.meta.authors


def _has(blocks, kind) -> bool:
    def inlines(node) -> bool:
        return isinstance(node, kind) or (isinstance(node, (Emphasis, Strong)) and any(map(inlines, node.content)))

    for block in blocks:
        content = getattr(block, "content", None) or [n for line in getattr(block, "lines", []) for n in line]
        if any(inlines(node) for node in content):
            return True
        if hasattr(block, "blocks") and _has(block.blocks, kind):
            return True
    return False


@pytest.mark.parametrize(("name", "relative", "module"), EPUBS, ids=[e[0] for e in EPUBS])
def test_italics_and_scene_breaks_are_kept(name, relative, module):
    """Every one of these stories has italics in its chapters; those with `<hr>` between
    scenes keep them as scene breaks."""
    import zipfile

    path = _real(relative)
    story = read_story(path, relative)
    with zipfile.ZipFile(path) as archive:
        chapters = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(("html", "xhtml")))
    if b"<i" in chapters or b"<em" in chapters:
        assert _has(story.blocks, Emphasis)
    if b"<hr" in chapters:
        assert any(isinstance(b, SceneBreak) for b in story.blocks)


def test_ao3_tags_come_from_the_preface_not_dc_subject():
    """The OPF lists `Teen And Up Audiences` and `Final Fantasy XIV` as subjects; the
    preface says which is the rating and which the fandom."""
    story = read_story(_real("ao3-my-aim-is-steady/epubTest.epub"))
    assert story.meta.rating == "Teen And Up Audiences"
    assert story.meta.fandoms == ["Final Fantasy XIV"]
    assert "Teen And Up Audiences" not in story.meta.tags and "Fanworks" not in story.meta.tags
    assert story.meta.relationships == ["Honoroit Banlardois/Emmanellain de Fortemps"]


def test_ao3_series_and_chapter_notes():
    series = read_story(_real("ao3-world-on-his-wrist/workInSeries.epub"))
    assert series.meta.series == "Part 1 of Watches 'Verse"
    wip = read_story(_real("ao3-fire-and-feather/incompleteWork.epub"))
    # The site's chapter notes, and the notes the author typed into chapters 2 and 3.
    assert [b.label for b in wip.blocks if isinstance(b, Note)] == [
        "Chapter notes", "Author’s note", "Disclaimer", "Chapter end notes",
        "Author’s note", "Disclaimer", "Chapter end notes"]
    assert blocks_text(wip.meta.end_notes).startswith("I think this is my longest")


def test_fanfiction_net_line_and_dates():
    story = read_story(_real("webtoepub-ffn-isolation/isolation.epub"))
    assert story.meta.rating == "M"
    assert story.meta.published == "2010-09-02"  # from the page's timestamp, not the browser's format
    assert story.meta.characters == ["Hermione G.", "Draco M."]
    assert story.meta.fandoms == ["Harry Potter"]


@pytest.mark.parametrize("name", ["johnlock_saved_metadata_plaintext.txt", "johnlock_saved_metadata_column.html"])
def test_fanficfare_saved_metadata_is_left_out_with_a_reason(name):
    """FanFicFare's saved metadata describes the story in the EPUB beside it but holds no
    text: it is refused with what to bind instead, never bound as an empty story."""
    from ficbind.errors import InputError
    from ficbind.readers.screening import refuse_saved_metadata

    path = _real(f"ao3-epub-johnlock/{name}")
    with pytest.raises(InputError) as caught:
        refuse_saved_metadata(path.read_bytes(), name)
    assert str(caught.value) == (f"{name}: this is FanFicFare's saved metadata for a story (its details, not its "
                                 "text); bind the story's own download (EPUB or HTML) instead")
    if name.endswith(".txt"):
        with pytest.raises(InputError, match="saved metadata"):
            read_story(path, name)
