"""Word counts the way AO3 counts them, from the story body only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ficbind.model import Heading, Note, Paragraph, Text
from ficbind.text import wordcount
from ficbind.text.wordcount import count_text, count_words

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


@pytest.mark.parametrize(
    "text, words",
    [
        ("He finds himself in the park.", 6),
        ("don’t stop", 2),  # apostrophes join
        ("self-preservation", 1),  # hyphens join
        ("4x04", 1),
        ("alex/izzie", 2),  # a slash separates
        ("a.m.", 2),  # so do full stops
        ("one—two", 2),
        ("one--two", 2),  # a typed dash is a dash
        ("pretty_stickers", 1),  # underscores are word characters
        ("日本語です", 5),  # each character of a script without spaces is a word
        ("नमस्ते दुनिया", 2),  # vowel signs belong to their word
        ("cafe\u0301 au lait", 3),  # a decomposed accent does not split a word
        ("… — * * *", 0),
    ],
)
def test_ao3_word_rules(text, words):
    assert count_text(text) == words


def test_headings_and_notes_are_not_story_words():
    blocks = [Heading(1, [Text("Chapter 1: Ashes")]), Note("A/N", [Paragraph([Text("sorry it is late")])]),
              Paragraph([Text("It burned.")])]
    assert count_words(blocks) == 2




@given(st.lists(st.sampled_from(list("ab é-’'\n—.,4x") + ["\u0301", "\u0915\u093e", "Ω"]), max_size=60).map("".join))
def test_the_quick_count_for_text_without_cjk_is_the_full_rule(text):
    # count_text skips the look-ahead for Chinese, Japanese and Thai when the text has
    # none of them: the two patterns must then find the same words.
    assert len(wordcount._PLAIN_WORD.findall(text)) == len(wordcount._WORD.findall(text))
    assert count_text(text + " 東京") == count_text(text) + 2
