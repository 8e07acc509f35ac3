"""Headers found where fans put them: a Markdown header written as bold lines before the
story, notes with no label between a disclaimer and a bare title, and copies of an AO3
work page that start at the title line or stop short of the `Stats:` line.

The stories here are written for these tests; the one real file read (fof_text.md) stays
in `../shared/real-world/`, and the test skips when it is not there.
"""

from __future__ import annotations

import pytest

from ficbind.model import Heading, Paragraph, blocks_text, inline_text
from ficbind.readers import read_story
from ficbind.readers.markdown import read_text as read_markdown
from ficbind.readers.plaintext import read_text

from conftest import real_world

BOLD_HEADER = """\
**Disclaimer: The lighthouse and everyone in it belong to their author; I only borrowed the key.**

**Acknowledgements: Thank you to Wren and Tamsin, who read this twice.**

**I post chapters early on my own site; the link is on my profile.**

**The Keeper\\'s Ledger**

**By saltmarsh**

**Chapter One: Low Water**

The tide went out further than anyone in the village could remember.

Mara walked out after it, *counting* the stones.
"""


@pytest.mark.quick
def test_a_markdown_header_of_bold_lines_gives_title_author_disclaimer_and_notes():
    story = read_markdown(BOLD_HEADER, "keeper.md")
    assert story.meta.title == "The Keeper's Ledger"
    assert story.meta.authors == ["saltmarsh"]
    assert blocks_text(story.meta.disclaimer) == (
        "The lighthouse and everyone in it belong to their author; I only borrowed the key."
    )
    # Thanks and news for readers, with a label ficbind does not know or none at all, are notes.
    assert [inline_text(b.content) for b in story.meta.notes] == [
        "Acknowledgements: Thank you to Wren and Tamsin, who read this twice.",
        "I post chapters early on my own site; the link is on my profile.",
    ]
    # The story starts at its first chapter: no header line reaches it.
    assert isinstance(story.blocks[0], Paragraph)
    assert inline_text(story.blocks[0].content) == "Chapter One: Low Water"
    assert "Disclaimer" not in blocks_text(story.blocks)
    assert "saltmarsh" not in blocks_text(story.blocks)
    assert story.header_lines == [1, 3, 5, 7, 9]


@pytest.mark.quick
def test_bold_inside_the_story_is_never_read_as_a_header():
    text = BOLD_HEADER + "\n**Disclaimer: this bold line is part of the story.**\n\nThe end came quietly.\n"
    story = read_markdown(text, "keeper.md")
    assert "Disclaimer: this bold line is part of the story." in blocks_text(story.blocks)
    assert story.header_lines == [1, 3, 5, 7, 9]


@pytest.mark.quick
def test_unlabelled_notes_between_a_disclaimer_and_a_title_with_its_byline_are_notes():
    story = read_text(
        "Disclaimer: Not mine, sadly.\n\nThis took a year to finish. Thank you for waiting.\n\n"
        "Keeping the Light\nby wrenfield\n\nThe keeper's logbook had one line for every night of the year.\n",
        "light.txt",
    )
    assert story.meta.title == "Keeping the Light"
    assert story.meta.authors == ["wrenfield"]
    assert blocks_text(story.meta.disclaimer) == "Not mine, sadly."
    assert blocks_text(story.meta.notes) == "This took a year to finish. Thank you for waiting."
    assert blocks_text(story.blocks) == "The keeper's logbook had one line for every night of the year."


@pytest.mark.quick
def test_a_story_opening_after_its_fields_keeps_its_first_paragraphs():
    # No title with a byline under it follows the disclaimer: the paragraphs are the story,
    # even when a short line stands alone among them.
    story = read_text(
        "Disclaimer: Not mine, sadly.\n\nThe keeper's logbook had one line for every night.\n\n"
        "Silence\n\nShe wrote it anyway.\n",
        "light.txt",
    )
    assert story.meta.title == "Light"
    assert story.meta.notes == []
    assert blocks_text(story.blocks).startswith("The keeper's logbook")
    assert "Silence" in blocks_text(story.blocks)


def test_fabric_of_fate_reads_its_bold_header():
    path = real_world("md-aci100-fabric-of-fate/fof_text.md")
    story = read_story(path, "fof_text.md")
    assert story.meta.title == "Ace Iverson and the Fabric of Fate"
    assert story.meta.authors == ["ACI100"]
    assert blocks_text(story.meta.disclaimer).startswith("This is a work of fanfiction based on the PJO universe.")
    assert blocks_text(story.meta.notes).startswith("Acknowledgements: Thank you to my editor Athena")
    assert "P*T*E*N page" in blocks_text(story.meta.notes)  # the Markdown escapes are read, not kept
    opening = [inline_text(b.content) for b in story.blocks[:2] if not isinstance(b, Heading)]
    assert opening == ["Season I: The Veil of Reality", "Chapter I: Future Aspirations"]
    # The header, and the last chapter's `**Author\'s Endnote:**` as the story's end notes.
    assert story.header_lines == [1, 3, 5, 7, 9, 11, 7221, 7223, 7225, 7227, 7229, 7231]
    assert story.meta.end_notes


# --- copies of an AO3 work page ------------------------------------------------------------

TITLE_FIRST = """\
The Ferryman's Almanac
tidewright
Summary:

Every crossing has a price. Ilse keeps the ledger, and this winter the river wants stories.

Notes:

Written for a river-themed exchange. Thanks to my beta for the ferry timetable.

(See the end of the work for more notes.)
Work Text:

The ferry left at six, whether or not anyone was on it.

Ilse counted the coins twice. There were never enough, and the river never minded.

"You could stay ashore," the lock keeper said.
Notes:

Thank you for reading.
"""


@pytest.mark.quick
def test_an_ao3_copy_that_starts_at_the_title_line():
    story = read_text(TITLE_FIRST, "copy.txt")
    assert story.meta.title == "The Ferryman's Almanac"
    assert story.meta.authors == ["tidewright"]
    assert blocks_text(story.meta.summary) == (
        "Every crossing has a price. Ilse keeps the ledger, and this winter the river wants stories."
    )
    assert blocks_text(story.meta.notes) == (
        "Written for a river-themed exchange. Thanks to my beta for the ferry timetable."
    )
    assert blocks_text(story.meta.end_notes) == "Thank you for reading."
    text = blocks_text(story.blocks)
    assert text.startswith("The ferry left at six")
    assert text.endswith('"You could stay ashore," the lock keeper said.')
    assert "Work Text" not in text and "See the end" not in text


@pytest.mark.quick
def test_a_fic_header_with_a_summary_label_is_not_an_ao3_copy():
    # No `Work Text:` landmark: title, author and `Summary:` are a fic's own header.
    story = read_text(TITLE_FIRST.replace("Work Text:\n", ""), "copy.txt")
    assert "The ferry left at six" in blocks_text(story.blocks)


NO_STATS = """\
Rating:
    General Audiences
Archive Warning:
    No Archive Warnings Apply
Category:
    Gen
Fandom:
    Original Work
Characters:
    Ilse
    The Lock Keeper
Additional Tags:
    Rivers
    Found Family

The Ferryman's Almanac
tidewright
Summary:

Every crossing has a price.

The ferry left at six, whether or not anyone was on it.

Ilse counted the coins twice.
"""


@pytest.mark.quick
@pytest.mark.parametrize("text", [NO_STATS, "\n".join(line.strip() for line in NO_STATS.split("\n"))],
                         ids=["indented", "flat"])
def test_an_ao3_tag_block_without_a_stats_line(text):
    story = read_text(text, "story.txt")
    meta = story.meta
    assert meta.title == "The Ferryman's Almanac"
    assert meta.authors == ["tidewright"]
    assert meta.rating == "General Audiences"
    assert meta.warnings == ["No Archive Warnings Apply"]
    assert meta.category == ["Gen"]
    assert meta.fandoms == ["Original Work"]
    assert meta.characters == ["Ilse", "The Lock Keeper"]
    assert meta.tags == ["Rivers", "Found Family"]
    assert blocks_text(meta.summary) == "Every crossing has a price."
    assert blocks_text(story.blocks) == "The ferry left at six, whether or not anyone was on it.\n\nIlse counted the coins twice."


@pytest.mark.quick
def test_a_fic_header_with_tag_labels_and_values_on_their_lines_is_not_an_ao3_copy():
    story = read_text(
        "Rating: G\nArchive Warning: none\nAdditional Tags: rivers\n\nThe ferry left at six.\n", "ferry.txt"
    )
    assert story.meta.rating == "G"
    assert story.meta.tags == ["rivers"]
    assert story.meta.source is None  # not taken for a copy of an AO3 page
    assert blocks_text(story.blocks) == "The ferry left at six."
