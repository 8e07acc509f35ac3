"""The four seed stories, read the way their authors meant them (after typography)."""

from __future__ import annotations

import pytest

from ficbind.cli.inspection import describe

from conftest import SEEDS

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


def seed(prefix: str) -> dict:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return describe(path)


def test_seed_000_key_value_header_with_run_on_prompt():
    story = seed("000")
    assert story["title"] == "Echoes of angels that won’t return…"
    assert story["rating"] == "PG-13"
    assert story["relationships"] == ["Alex/Izzie", "Alex/Lexie"]
    assert story["stated_word_count"] == "550ish"
    # who gave the prompt, then the lyric it quoted, line by line, with the song's credit;
    # the lyric and credit are set as the story's epigraph (transforms/lyrics.py)
    assert story["prompt"].startswith("From miss_blanche\n\nCause I’m fake at the seams,\nI’m lost in my dreams,")
    assert story["prompt"].endswith("“Swans” by Unkle Bob")
    assert story["summary"].startswith("A coda of sorts to Alex and Izzie’s official (?) break-up")
    assert story["opening"].startswith("I want you to go and be happy and not come back.")


def test_seed_001_lowercase_dot_header():
    story = seed("001")
    assert story["title"] == "spend all your spare time trying to escape"
    assert story["fandoms"] == ["grey’s anatomy"]
    assert story["characters"] == ["alex", "izzie"]
    assert story["relationships"] == ["alex/izzie", "george/izzie"]
    assert story["spoilers"].startswith("4x04")
    assert story["disclaimer"] == "not mine."
    assert story["rating"] == "g"
    assert story["stated_word_count"] == "502"
    assert story["dedication"].startswith("pretty_stickers")
    assert "drabbles" in story["dedication"]
    assert story["summary"].startswith("this is him running.")
    assert story["notes"] == "obviously au; feedback is ♥."
    assert story["opening"].startswith("He finds himself in the park.")
    # `drabbles.` is the rest of the `written for.` value, not a field of its own
    assert [f["label"] for f in story["fields"]] == [
        "title", "fandom", "pairing/character", "spoilers/warnings", "disclaimer",
        "word count", "rating", "written for", "summary", "notes",
    ]


def test_seed_002_notes_and_disclaimer_before_a_bare_title():
    story = seed("002")
    assert story["title"] == "Some nightmares you don’t wake up from"
    assert story["notes"].startswith("Please accept my apologies for my temporary absence")
    assert story["disclaimer"].startswith("Oh, the usual I’m-not-making-any-profit-from-this malarkey")
    assert story["opening"].startswith("You manage—somehow—to wait")


def test_seed_003_bare_title_and_closing_author_note():
    story = seed("003")
    assert story["title"] == "A Little Bit of Goodbye"
    assert story["opening"].startswith("She was gone.")
    assert story["end_notes"].startswith("I’d hoped this would be an update to Pedestal")
    assert "A/N" not in story["opening"]


def test_word_counts_come_from_the_body_only():
    # seed 001 states 502 words; the body alone is close to that, header excluded
    assert 480 <= seed("001")["word_count"] <= 520
    assert 500 <= seed("000")["word_count"] <= 600
