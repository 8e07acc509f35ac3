"""Chapter headings inside a story: recognised, set as headings, kept out of everything else."""

from __future__ import annotations

import pytest

from ficbind.model import Heading, LineBreak, Note, Paragraph, Story, StoryMeta, Text, inline_text
from ficbind.readers.plaintext import read_text
from ficbind.text.chapter_headings import chapter_heading, split_heading
from ficbind.transforms import chapters, transform_story

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


@pytest.mark.parametrize(
    "line, heading",
    [
        ("Chapter 1: Ashes", "Chapter 1: Ashes"),
        ("Chapter One: The First Winter", "Chapter One: The First Winter"),
        ("Chapter 2 - X", "Chapter 2 - X"),
        ("CHAPTER TWELVE", "CHAPTER TWELVE"),
        ("Chapter Twenty-One", "Chapter Twenty-One"),
        ("Ch. 5", "Ch. 5"),
        ("~Chapter 3~", "Chapter 3"),
        ("**Chapter 4**", "Chapter 4"),
        ("Chapter 1 The Commission", "Chapter 1 The Commission"),
        ("Chapter 3: Who Goes There?", "Chapter 3: Who Goes There?"),
        ("Chapter 4.5: Between", "Chapter 4.5: Between"),
        ("Part 1", "Part 1"),
        ("Part Two: The Storm", "Part Two: The Storm"),
        ("Part IV", "Part IV"),
        ("Part 1/3", "Part 1/3"),
        ("Prologue", "Prologue"),
        ("Prologue: Before", "Prologue: Before"),
        ("Epilogue", "Epilogue"),
        ("Interlude", "Interlude"),
        # A numbered part word, with the colon and no title after it.
        ("**Interlude II:**", "Interlude II:"),
        ("Interlude 3 - Snow", "Interlude 3 - Snow"),
    ],
)
def test_chapter_headings_are_recognised(line, heading):
    assert chapter_heading(line) == heading


@pytest.mark.parametrize(
    "line",
    [
        "Chapter one was the hardest to write.",
        "Chapter 1 of my life was over.",
        "Part of me wanted to stay.",
        "Parting was hard",
        "Prologues are boring.",
        "Interludes are fun",
        "Epilogue, she said, was a fancy word.",
        "Part 1. It began with a letter, as these things do.",
        "Chapter mix",
        "The chapter ended.",
    ],
)
def test_sentences_that_start_like_headings_are_not_headings(line):
    assert chapter_heading(line) is None


def test_label_and_title_are_split_for_two_line_headings():
    assert split_heading("Chapter 2 - Thaw") == ("Chapter 2", "Thaw")
    assert split_heading("Chapter One: The First Winter") == ("Chapter One", "The First Winter")
    assert split_heading("Prologue") == ("Prologue", None)
    assert split_heading("Interlude II:") == ("Interlude II", None)
    assert split_heading("Interlude 3 - Snow") == ("Interlude 3", "Snow")
    assert split_heading("Chapter 7 (revised)") == ("Chapter 7 (revised)", None)


def _story(*paragraphs: str) -> Story:
    return Story("t.txt", StoryMeta(title="T"), [Paragraph([Text(p)]) for p in paragraphs])


def test_heading_paragraphs_become_level_one_headings_with_label_and_title():
    story = chapters.apply(_story("Chapter 1: Ashes", "The house had burned.", "Epilogue", "It grew back."))
    assert story.blocks[0] == Heading(1, [Text("Chapter 1"), LineBreak(), Text("Ashes")])
    assert story.blocks[2] == Heading(1, [Text("Epilogue")])
    assert isinstance(story.blocks[1], Paragraph) and isinstance(story.blocks[3], Paragraph)


def test_a_bare_label_takes_the_title_on_the_next_line():
    one_per_line = chapters.apply(_story("Chapter 1", "Ashes", "The house had burned in the spring."))
    assert one_per_line.blocks[0] == Heading(1, [Text("Chapter 1"), LineBreak(), Text("Ashes")])
    assert len(one_per_line.blocks) == 2
    # but not a first line of prose
    prose = chapters.apply(_story("Chapter 1", "“Run,” she said.", "They ran."))
    assert prose.blocks[0] == Heading(1, [Text("Chapter 1")]) and len(prose.blocks) == 3
    same_paragraph = Story("t.txt", StoryMeta(), [Paragraph([Text("Chapter 2"), LineBreak(), Text("Thaw")])])
    assert chapters.apply(same_paragraph).blocks == [Heading(1, [Text("Chapter 2"), LineBreak(), Text("Thaw")])]


def test_authors_notes_in_the_body_become_notes():
    story = chapters.apply(_story(
        "Chapter 1", "A/N: Sorry this one is late.", "The rain came.", "Notes: more soon.",
        "Chapter 2", "Note: back at six, said the fridge.", "She left.",
    ))
    kinds = [type(b).__name__ for b in story.blocks]
    assert kinds == ["Heading", "Note", "Paragraph", "Note", "Heading", "Note", "Paragraph"]
    assert story.blocks[1] == Note("Author’s note", [Paragraph([Text("Sorry this one is late.")])])
    # `Notes:` counts as the author's only beside a heading; mid-chapter it is story
    mid = chapters.apply(_story("Chapter 1", "He found it.", "Note: back at six.", "She left."))
    assert [type(b).__name__ for b in mid.blocks] == ["Heading", "Paragraph", "Paragraph", "Paragraph"]


def test_chapter_words_and_notes_are_not_header_or_title():
    story = transform_story(read_text("Title: X\nAuthor: Y\n\nChapter 1: Ashes\n\nIt burned.\n", "x.txt"))
    assert [f.label for f in story.meta.fields] == ["Title", "Author"]
    assert isinstance(story.blocks[0], Heading)
    untitled = transform_story(read_text("Prologue\n\nIt began in the rain, as these things do.\n", "the-rain.txt"))
    assert untitled.meta.title == "The Rain"
    assert inline_text(untitled.blocks[0].content) == "Prologue"


def test_a_bare_label_with_a_colon_over_its_title_keeps_one_separator():
    story = chapters.apply(_story("Interlude II:", "Snow", "It fell all night."))
    assert story.blocks[0] == Heading(1, [Text("Interlude II"), LineBreak(), Text("Snow")])
