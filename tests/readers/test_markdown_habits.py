"""Markdown as fic writers' sites and tools save it: TOML front matter, `###` scene breaks,
hard-wrapped prose under front matter. The stories here are written for these tests."""

from __future__ import annotations

import pytest

from ficbind.model import Heading, Paragraph, SceneBreak, inline_text
from ficbind.readers.markdown import read_text
from ficbind.readers.plaintext import read_text as read_plain_text

pytestmark = pytest.mark.quick


def test_toml_front_matter():
    story = read_text(
        '+++\ntitle = "Salt Roads"\nauthor = "Marisol Quay"\ndate = 2022-06-28T17:31:53-04:00\n'
        'tags = ["road trip", "found family"]\n+++\n\nThe van smelled of oranges.\n',
        "salt.md",
    )
    assert story.meta.title == "Salt Roads"
    assert story.meta.authors == ["Marisol Quay"]
    assert story.meta.tags == ["road trip", "found family"]
    assert story.meta.published == "2022-06-28T17:31:53-04:00"
    assert [inline_text(b.content) for b in story.blocks] == ["The van smelled of oranges."]
    assert story.header_lines[:6] == [1, 2, 3, 4, 5, 6]


def test_toml_that_does_not_parse_stays_in_the_story():
    story = read_text("+++\ntitle = unquoted words\n+++\n\nThe van smelled of oranges.\n", "salt.md")
    assert story.meta.title != "unquoted words"
    assert "title = unquoted words" in inline_text(story.blocks[0].content)


def test_hashes_alone_on_a_line_are_a_scene_break_not_an_empty_chapter():
    story = read_text("# Low Tide\n\nThe first scene.\n\n###\n\nThe second scene.\n", "tide.md")
    assert [type(b) for b in story.blocks] == [Paragraph, SceneBreak, Paragraph]
    assert not any(isinstance(b, Heading) for b in story.blocks)


@pytest.mark.parametrize("reader, name", [(read_text, "wrapped.md"), (read_plain_text, "wrapped.txt")])
def test_first_wrapped_line_after_front_matter_is_prose_not_a_title(reader, name):
    # The first line is shorter than the next, as a bare title over prose would be.
    story = reader(
        "---\ntitle: Harbour Lights\n---\n\nThe keeper had kept the lamp for thirty\n"
        "years, and nobody had asked her to stop; she had never thought to ask herself.\n",
        name,
    )
    assert story.meta.title == "Harbour Lights"
    assert inline_text(story.blocks[0].content).startswith("The keeper had kept the lamp")
