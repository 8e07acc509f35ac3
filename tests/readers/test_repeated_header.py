"""The story's header, pasted again over every chapter, is taken out of the story text.

Authors who post chapter by chapter paste their whole header (disclaimer, thanks, the
title, `By Name`, a part line) over each chapter; a file that keeps all the chapters so
holds that block at the end of every chapter but the last. The reader reads the first
copy as the header; the others must not stay in the story (readers/repeated_header.py).
"""

from __future__ import annotations

import pytest

from ficbind.model import Heading, Note, Paragraph, blocks_text, inline_text
from ficbind.readers import read_story
from ficbind.readers.markdown import read_text as read_markdown
from ficbind.readers.plaintext import read_text
from ficbind.transforms import transform_story

from conftest import real_world

HEADER = """\
**Disclaimer: The lighthouse and its keepers belong to their maker, not me.**

**Thanks: To Ann, who read every draft.**

**The Tin Lighthouse**

**By Wren Alder**

**Season One: Spring**

"""

STORY = (
    HEADER
    + """\
**Chapter 1: Fog**

The fog came in before the boats did.

Mara lit the lamp at four.

"""
    + HEADER.replace("To Ann, who read every draft.", "To Ann, who read every draft.**\n\n**My next story is out in June!")
    + """\
**Chapter 2: Thaw**

The ice let go of the harbour overnight.

"""
    + HEADER
    + """\
**Chapter 3: Tide**

Mara counted the boats home.
"""
)


def chapters(story) -> list[tuple[str, list[str]]]:
    """(heading, the texts of the blocks under it) for each chapter, notes marked `NOTE:`."""
    out: list[tuple[str, list[str]]] = []
    for block in story.blocks:
        if isinstance(block, Heading) and block.level == 1:
            out.append((inline_text(block.content).replace("\n", ": "), []))
        elif out:
            text = blocks_text(block.blocks) if isinstance(block, Note) else blocks_text([block])
            out[-1][1].append(("NOTE: " if isinstance(block, Note) else "") + text)
    return out


@pytest.mark.quick
def test_markdown_repeats_are_taken_out_and_changes_kept_as_the_chapters_note():
    story = transform_story(read_markdown(STORY, "tin.md"))
    assert story.meta.title == "The Tin Lighthouse"
    assert story.meta.authors == ["Wren Alder"]
    assert blocks_text(story.meta.disclaimer).startswith("The lighthouse and its keepers")
    assert chapters(story) == [
        ("Chapter 1: Fog", ["The fog came in before the boats did.", "Mara lit the lamp at four."]),
        # The paragraph the author added to the pasted header is the chapter's note.
        ("Chapter 2: Thaw", ["NOTE: My next story is out in June!", "The ice let go of the harbour overnight."]),
        ("Chapter 3: Tide", ["Mara counted the boats home."]),
    ]


@pytest.mark.quick
def test_plain_text_repeats_are_taken_out_too():
    text = STORY.replace("**", "")
    story = transform_story(read_text(text, "tin.txt"))
    words = " ".join(t for _, texts in chapters(story) for t in texts)
    assert "Disclaimer" not in words and "By Wren Alder" not in words and "Season One" not in words
    assert [len(texts) for _, texts in chapters(story)] == [2, 2, 1]


@pytest.mark.quick
def test_a_story_that_quotes_its_own_title_keeps_the_paragraph():
    # The title alone on a line before a chapter heading, with no byline under it, is story.
    text = HEADER + "**Chapter 1: Fog**\n\nThe fog came.\n\nThe Tin Lighthouse\n\n**Chapter 2: Thaw**\n\nIce.\n"
    story = transform_story(read_markdown(text, "tin.md"))
    assert chapters(story)[0][1] == ["The fog came.", "The Tin Lighthouse"]


@pytest.mark.quick
def test_title_and_byline_not_before_a_chapter_stay():
    # Title and byline mid-chapter (a story within the story, say) are not a pasted header.
    text = HEADER + "**Chapter 1: Fog**\n\nThe fog came.\n\nThe Tin Lighthouse\n\nBy Wren Alder\n\nShe read on.\n"
    story = transform_story(read_markdown(text, "tin.md"))
    assert chapters(story)[0][1] == ["The fog came.", "The Tin Lighthouse", "By Wren Alder", "She read on."]


@pytest.mark.quick
def test_another_authors_byline_is_not_a_repeat():
    text = HEADER + "**Chapter 1: Fog**\n\nThe fog came.\n\nThe Tin Lighthouse\n\nBy Someone Else\n\n**Chapter 2: Thaw**\n\nIce.\n"
    story = transform_story(read_markdown(text, "tin.md"))
    assert chapters(story)[0][1][-2:] == ["The Tin Lighthouse", "By Someone Else"]


@pytest.mark.quick
def test_the_previous_chapters_closing_lines_stay_with_it():
    # Only from the first paragraph that repeats the opening header on is taken.
    text = STORY.replace("Mara lit the lamp at four.", "Mara lit the lamp at four.\n\nThanks for reading, all.")
    story = transform_story(read_markdown(text, "tin.md"))
    assert chapters(story)[0][1][-1].endswith("Thanks for reading, all.")


@pytest.mark.quick
@pytest.mark.parametrize("label", ["**Author\\'s Endnote:**", "Author's Endnote:", "**Author's Endnote**"])
def test_authors_endnote_closes_a_chapter_as_a_note(label):
    text = (HEADER + "**Chapter 1: Fog**\n\nThe fog came.\n\nMara lit the lamp.\n\nThe boats came in.\n\n" + label
            + "\n\nThanks for reading!\n\nMore soon.\n\n**Chapter 2: Thaw**\n\nIce.\n\nWater.\n\nBoats.\n\nHome.\n\n"
            + label + "\n\nThe end of it all.\n")
    story = transform_story(read_markdown(text, "tin.md"))
    assert chapters(story)[0][1] == ["The fog came.", "Mara lit the lamp.", "The boats came in.", "NOTE: Thanks for reading!\n\nMore soon."]
    # The last chapter's note is the story's end notes, as `A/N:` is.
    assert chapters(story)[1][1] == ["Ice.", "Water.", "Boats.", "Home."]
    assert blocks_text(story.meta.end_notes) == "The end of it all."


@pytest.mark.quick
def test_a_label_before_dialogue_stays_story():
    text = (HEADER + "**Chapter 1: Fog**\n\nThe fog came.\n\nAuthor's Endnote:\n\n\"Who wrote this?\" Mara asked.\n\n"
            "**Chapter 2: Thaw**\n\nIce.\n")
    story = transform_story(read_markdown(text, "tin.md"))
    assert "NOTE" not in " ".join(chapters(story)[0][1])


def test_fabric_of_fate_chapters_hold_no_pasted_header():
    path = real_world("md-aci100-fabric-of-fate/fof_text.md")
    story = transform_story(read_story(path, "fof_text.md"))
    texts = [blocks_text([b]) for b in story.blocks if isinstance(b, Paragraph)]
    assert len([b for b in story.blocks if isinstance(b, Heading) and b.level == 1]) >= 18
    assert not [t for t in texts if t.startswith("Disclaimer:")]
    assert not [t for t in texts if t.strip() == "By ACI100"]
    assert not [t for t in texts if t.strip() == story.meta.title]
    assert not [t for t in texts if "Endnote" in t]  # closing notes are notes, not story
    assert [b for b in story.blocks if isinstance(b, Note)]
