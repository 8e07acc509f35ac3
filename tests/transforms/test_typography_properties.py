"""Properties that hold for any text: typography never changes a word, is idempotent,
and whatever a story says, the book's XHTML parses.

Hypothesis runs derandomized (the same examples every run), so these tests are
deterministic; the alphabet is weighted towards the punctuation fic actually uses.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ficbind.model import (
    Book,
    BookMeta,
    Emphasis,
    LineBreak,
    Paragraph,
    Story,
    StoryMeta,
    Text,
    block_text,
    inline_text,
)
from ficbind.readers.plaintext import read_text
from ficbind.transforms import transform_story, typography
from ficbind.transforms.typography import typogrify, typogrify_inlines
from ficbind.writers.xhtml import render_book, xhtml_document

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

PROPERTY_SETTINGS = settings(
    max_examples=400, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)

# Pieces of fic punctuation and words, so that examples are dense with the cases the
# rules are about (elisions, dashes, dots, quotes next to marks, numbers).
PIECES = st.sampled_from(
    list("aAsnt0918 '\"‘’“”-–—.…*_~/()\n,!?&<>\\\t\u00a0\u00ad")
    + ["'em", "'twas", "'Cause", "'Round", "'Is", "--", "---", "----", "...", ". . .", " - ", " – ", "'80s",
       "'n'", "5'10\"", "4-9", "o'clock", "James's", "twins'", "W-wait", "go-\"", "—\"", "…\"", "oOo", "* * *",
       "&nbsp;", "♪", "http://x.io/a_b/", "and/or", "Wren", "said", "  "]
)
FIC_TEXT = st.lists(PIECES, max_size=40).map("".join)
ANY_TEXT = st.one_of(FIC_TEXT, st.text(max_size=200))


def letters_and_digits(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_typogrify_never_changes_letters_or_digits(text):
    assert letters_and_digits(typogrify(text)) == letters_and_digits(text)


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_typogrify_twice_is_typogrify_once(text):
    once = typogrify(text)
    assert typogrify(once) == once


@PROPERTY_SETTINGS
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_typography_transform_keeps_every_paragraphs_letters_and_digits(paragraphs):
    story = Story("x.txt", StoryMeta(title="T"), [Paragraph([Text(p)]) for p in paragraphs])
    set_story = typography.apply(story)
    for before, after in zip(story.blocks, set_story.blocks):
        assert letters_and_digits(block_text(after)) == letters_and_digits(block_text(before))
    assert typography.apply(set_story) == set_story


INLINE = st.one_of(
    FIC_TEXT.map(Text),
    FIC_TEXT.map(lambda text: Emphasis([Text(text)])),
    st.just(LineBreak()),
)


@PROPERTY_SETTINGS
@given(st.lists(INLINE, min_size=1, max_size=6))
def test_runs_set_with_their_neighbours_keep_letters_and_settle(inlines):
    # Quotes and emphasis from a Markdown or HTML reader: each run is set with the
    # characters next to it in view, then cut back to its own text.
    set_inlines = typogrify_inlines(inlines)
    assert letters_and_digits(inline_text(set_inlines)) == letters_and_digits(inline_text(inlines))
    assert [type(node) for node in set_inlines] == [type(node) for node in inlines]
    assert typogrify_inlines(set_inlines) == set_inlines


@PROPERTY_SETTINGS
@given(st.lists(ANY_TEXT, max_size=6).map("\n".join))
def test_any_story_text_yields_xhtml_that_parses(text):
    story = transform_story(read_text(text, "any.txt"))
    book = Book(BookMeta(title="Any"), [story])
    for section in render_book(book, lambda section_id: f"{section_id}.xhtml"):
        document = xhtml_document(section.title, "en", section.html, ["book.css"])
        etree.fromstring(document.encode("utf-8"))
