"""Every fic header style ficbind reads, one original input file per style.

Each file in inputs/headers/ is read into the model and compared with a reviewed dump
in golden/readers/headers/ (the reader's output, before transforms). The tests below
it say, style by style, what a reader of the book must get: title, author, fields,
where the story begins, and the notes after it (after transforms, as `inspect` shows).
"""

from __future__ import annotations

import pytest

from ficbind.cli.inspection import describe
from ficbind.model import native
from ficbind.readers import read_story

from conftest import GOLDEN, INPUTS, check_golden

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

HEADERS = INPUTS / "headers"
INPUT_FILES = sorted(p for p in HEADERS.iterdir() if p.suffix in (".txt", ".md"))


def test_there_is_an_input_for_every_style():
    names = {p.name for p in INPUT_FILES}
    assert names >= {
        "key-value-any-case.txt", "dot-style.txt", "key-dash.txt", "key-pipe.txt", "typo-labels.txt",
        "ao3-page-copy.txt", "ao3-chapters.txt", "notes-before-title.txt", "title-and-byline.txt",
        "title-alone.txt", "the-long-way-round.txt", "front-matter.md", "front-matter.txt",
        "markdown-headings.md", "end-notes-an.txt", "end-notes-authors-note.txt", "end-notes-label.txt",
        "the-end-then-notes.txt", "end-then-notes.txt", "chapters-numbered.txt", "chapters-parts.txt",
    }


@pytest.mark.parametrize("path", INPUT_FILES, ids=lambda p: p.name)
def test_style_reads_as_golden(path, save_golden):
    story = read_story(path, f"headers/{path.name}")
    check_golden(GOLDEN / "readers" / "headers" / f"{path.stem}{path.suffix.replace('.', '-')}.json",
                 native.dumps(story), save_golden)


@pytest.mark.parametrize("path", INPUT_FILES, ids=lambda p: p.name)
def test_native_dump_round_trips(path):
    story = read_story(path, path.name)
    assert native.from_native(native.to_native(story)) == story


def read(name: str) -> dict:
    return describe(HEADERS / name)


def labels(story: dict) -> list[str]:
    return [f["label"] for f in story["fields"]]


def test_key_value_in_any_case_with_run_on_values():
    story = read("key-value-any-case.txt")
    assert story["title"] == "The Lantern Keeper’s Daughter"
    assert story["authors"] == ["wrenfield"]
    assert story["rating"] == "T"
    assert story["relationships"] == ["Mara/Josie"]
    # the summary runs on over three lines; the prompt's value starts on the line after `From`
    assert story["summary"] == (
        "Mara tends the lamp through the longest winter the island has known, and learns that a light "
        "can be kept for one person as well as for the ships."
    )
    # the space a journal link left before its comma is closed up by typography
    assert story["prompt"] == "From gull_and_anchor, “a light left on for someone who is late.”"
    assert story["disclaimer"] == "Everything here is mine, for once."
    assert labels(story) == ["TITLE", "AUTHOR", "Fandom", "rating", "Pairing", "Summary", "Prompt", "Disclaimer"]
    assert story["opening"].startswith("The lamp needed oil again")


def test_dot_style_with_a_journal_link_breaking_a_value():
    story = read("dot-style.txt")
    assert story["title"] == "the weight of small hours"
    assert story["fandoms"] == ["the quiet coast (original)"]
    assert story["characters"] == ["bea", "the ferryman"]
    assert story["relationships"] == ["bea/the ferryman"]
    assert story["rating"] == "pg"
    # `harbour_lights‘` (a user link) and `winter exchange.` carry on `written for.`;
    # typography turns the link's stray ‘ into the possessive ’ it was
    assert story["dedication"] == "harbour_lights’ winter exchange. the prompt was “fog”."
    assert "winter exchange" not in labels(story)
    assert story["opening"].startswith("Bea counts ferries")


def test_key_dash_value():
    story = read("key-dash.txt")
    assert (story["title"], story["authors"], story["rating"]) == ("Salt and Iron", ["mossgrave"], "M")
    assert story["warnings"] == ["brief descriptions of an injury"]
    assert story["stated_word_count"] == "212"
    assert story["opening"].startswith("The forge had gone cold")


def test_key_pipe_value():
    story = read("key-pipe.txt")
    assert (story["title"], story["authors"], story["rating"]) == ("Paper Boats", ["inkwell_and_ash"], "G")
    assert story["characters"] == ["Tomas", "his grandmother"]
    assert story["tags"] == ["childhood", "rain", "found family"]
    assert story["summary"].startswith("Tomas folds boats")


def test_typos_and_plurals_in_labels():
    story = read("typo-labels.txt")
    assert story["title"] == "Where the Orchard Ends"  # Tittle
    assert story["authors"] == ["greenmantle"]  # Auther
    assert story["rating"] == "Teen"  # Raiting
    assert story["relationships"] == ["Wen/Lio", "Wen/Ada (past)"]  # Pairing(s)
    assert story["characters"] == ["Wen", "Lio", "Ada", "Grandmother Ye"]  # Charaters, Characters/Pairings
    assert story["summary"].startswith("Wen inherits an orchard")  # Sumary
    assert story["disclaimer"] == "Mine, all mine."  # Disclamer
    assert story["stated_word_count"] == "180"  # Wordcount
    # labels ficbind does not know are kept, as written
    assert {"label": "Beta", "value": "the ever-patient sorrel"} in story["fields"]
    assert {"label": "Song", "value": "\"Apple Blossom Time\", hummed badly"} in story["fields"]


def test_ao3_page_copy():
    story = read("ao3-page-copy.txt")
    assert story["title"] == "The Longest Night"
    assert story["authors"] == ["wrenfield"]
    assert story["rating"] == "Teen And Up Audiences"
    assert story["warnings"] == ["No Archive Warnings Apply"]
    assert story["category"] == ["F/F"]
    assert story["characters"] == ["Mara", "Josie", "The Lighthouse Cat"]
    assert story["tags"] == ["Slow Burn", "Lighthouses", "Winter", "Hurt/Comfort"]
    assert story["language"] == "English"
    assert story["stated_word_count"] == "214"
    assert story["summary"].startswith("The island gets four hours of daylight")
    # AO3's own words are page furniture, not notes
    assert story["notes"] == "For the winter solstice exchange. Thank you to my beta, who knows who she is."
    assert story["end_notes"].startswith("The island is loosely based on a real one")
    assert story["opening"].startswith("Midwinter came in on a Tuesday")
    assert [f["label"] for f in story["fields"]][-9:] == [
        "Published", "Words", "Chapters", "Comments", "Kudos", "Bookmarks", "Hits", "Summary", "Notes",
    ]


def test_ao3_copy_with_chapters_chapter_notes_and_end_notes():
    story = read("ao3-chapters.txt")
    assert story["title"] == "The Inland Sea"
    assert story["authors"] == ["fernweh_writes", "quillon"]
    assert story["series"] == "Part 2 of Inland Seas"
    assert story["characters"] == ["Nell", "Master Hollis", "Wynne Hollis"]
    assert story["chapters"] == ["Chapter 1: The Commission", "Chapter 2: The Shore"]
    assert story["notes"] == "Co-written over one long, wet weekend."
    assert story["end_notes"] == "Thank you for reading this little journey. A third part is half drawn."
    assert story["opening"].startswith("Master Hollis laid the commission")
    # chapter notes are notes, not story: they are not counted as words
    assert story["word_count"] == 80
    story_blocks = read_story(HEADERS / "ao3-chapters.txt").blocks
    notes = [b for b in story_blocks if type(b).__name__ == "Note"]
    assert [n.label for n in notes] == ["Chapter notes", "Chapter end notes"]
    texts = " ".join(native.dumps(b) for b in story_blocks)
    assert "Chapter Text" not in texts and "See the end" not in texts


def test_notes_and_disclaimer_before_a_bare_title():
    story = read("notes-before-title.txt")
    assert story["title"] == "Keeping the Light"
    assert story["notes"].startswith("It has been a long time since I posted anything here.")
    assert story["disclaimer"].startswith("The characters are my own")
    assert story["opening"].startswith("The keeper’s logbook")


def test_bare_title_and_byline():
    story = read("title-and-byline.txt")
    assert story["title"] == "The Cartographer’s Apprentice"
    assert story["authors"] == ["fernweh_writes"]
    assert story["fields"] == []
    assert story["opening"].startswith("Nell drew the coastline")


def test_bare_title_alone():
    story = read("title-alone.txt")
    assert story["title"] == "Nine Lives, Give or Take"
    assert story["authors"] == []
    assert story["opening"].startswith("The cat came back on a Tuesday")


def test_no_header_takes_the_title_from_the_file_name_not_the_first_sentence():
    story = read("the-long-way-round.txt")
    assert story["title"] == "The Long Way Round"
    assert story["opening"].startswith("The bus was late.")


def test_yaml_front_matter_in_a_markdown_file():
    story = read("front-matter.md")
    assert story["title"] == "Glass Orchard: A Story in Three Seasons"
    assert story["authors"] == ["tamsin_reeds", "Alder Vane"]
    assert story["fandoms"] == ["Original Work"]
    assert story["relationships"] == ["Ilse/Marten"]
    assert story["characters"] == ["Ilse", "Marten"]
    assert story["tags"] == ["gardening", "slow burn"]
    assert story["summary"] == "Ilse grows apples under glass.\n\nMarten breaks the glass, twice, and stays to mend it."
    assert story["stated_word_count"] == "190"
    assert story["chapters"] == ["Spring", "Summer", "Autumn"]
    assert {"label": "published", "value": "2022-09-30"} in story["fields"]


def test_yaml_front_matter_in_a_text_file():
    story = read("front-matter.txt")
    assert story["title"] == "Snow on the Salt Road"
    assert story["rating"] == "Mature"
    assert story["warnings"] == ["Graphic Depictions Of Violence"]
    assert story["tags"] == ["winter", "travel", "road trip"]
    assert story["opening"].startswith("The pass should have been closed")


def test_markdown_title_heading_byline_bold_labels_and_emphasis():
    story = read("markdown-headings.md")
    assert story["title"] == "The Tin Lighthouse"
    assert story["authors"] == ["emberlane"]
    assert story["rating"] == "G"
    assert story["fandoms"] == ["Original Work"]
    assert story["chapters"] == []
    dump = native.dumps(read_story(HEADERS / "markdown-headings.md"))
    assert '{"t": "Emphasis", "content": [{"t": "Text", "text": "stiff"}]}' in dump
    assert '{"t": "Emphasis", "content": [{"t": "Strong", "content": [{"t": "Text", "text": "very"}]}]}' in dump
    assert '"t": "Verse"' in dump  # the quoted lines keep their line breaks


@pytest.mark.parametrize(
    "name, notes, last_words",
    [
        ("end-notes-an.txt", "Written for a friend who got married in a downpour", "wringing out her veil."),
        ("end-notes-authors-note.txt", "This started as a drabble", "to try the piano."),
        ("end-notes-label.txt", "Inspired by an old photograph", "he never said."),
        ("the-end-then-notes.txt", "Thanks for reading. This one is for my grandmother", "The End"),
        ("end-then-notes.txt", "the causeway is real", "END"),
    ],
)
def test_notes_after_the_story(name, notes, last_words):
    story = read(name)
    assert story["end_notes"].startswith(notes)
    body = read_story(HEADERS / name).blocks
    assert native.to_native(body[-1])["content"][-1]["text"].endswith(last_words)


def test_chapter_headings_in_a_story():
    story = read("chapters-numbered.txt")
    assert story["chapters"] == ["Chapter 1: Ashes", "Chapter Two: The First Winter", "Chapter 3: Thaw"]
    assert story["fields"] == [
        {"label": "Title", "value": "A Year at Thornfield Cross"},
        {"label": "Author", "value": "greenmantle"},
    ]
    assert story["opening"].startswith("The house had burned in the spring")


def test_prologue_parts_and_epilogue():
    story = read("chapters-parts.txt")
    assert story["title"] == "Harbour Songs"
    assert story["authors"] == ["saltmarsh"]
    assert story["chapters"] == ["Prologue", "Part 1", "Part Two: The Storm", "Epilogue"]
