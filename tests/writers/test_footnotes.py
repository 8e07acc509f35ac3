"""Footnotes: `[^1]` in Markdown, through the model, the transforms, the EPUB and the PDF.

The stories here are written for these tests. A real Markdown fic with footnotes is read
from ../shared/real-world when it is there.
"""

from __future__ import annotations

import re
import zipfile

from ficbind.model import (
    Emphasis,
    Footnote,
    Paragraph,
    Story,
    StoryMeta,
    Text,
    block_footnotes,
    inline_text,
)
from ficbind.model.native import from_native, to_native
from ficbind.readers.markdown import read_text
from ficbind.text.wordcount import count_words
from ficbind.transforms import transform_story
from ficbind.writers.xhtml import story_sections

from conftest import epubcheck_problems, real_world, run_ficbind

STORY = """---
title: The Lighthouse Keeper
author: Wren Ashdown
---

The keeper had kept the lamp for thirty years.[^1] Nobody had asked her to stop.

She climbed the stairs at dusk with the *Enterprise*'s old log.[^log] She read it twice.[^1]

[^1]: Thirty-one, if you count the winter of the flood.
[^log]: The log was "water-stained".

    It had a second paragraph, indented under the note.
"""



def _story() -> Story:
    return transform_story(read_text(STORY, "keeper.md"))


def test_markdown_footnotes_stand_where_they_are_referenced():
    story = _story()
    first, second = story.blocks
    assert [type(n).__name__ for n in first.content] == ["Text", "Footnote", "Text"]
    assert first.content[1] == Footnote([Paragraph([Text("Thirty-one, if you count the winter of the flood.")])])
    notes = list(block_footnotes(second))
    assert [len(n.blocks) for n in notes] == [2, 1]  # the log's note has two paragraphs
    assert notes[1] == notes_of_first(story)  # a second reference to a note repeats it
    # The definitions are not paragraphs of the story, and no `[^` is left in the text.
    assert len(story.blocks) == 2
    assert "[^" not in inline_text(first.content) + inline_text(second.content)


def notes_of_first(story: Story) -> Footnote:
    return next(block_footnotes(story.blocks[0]))


def test_typography_and_emphasis_reach_into_notes_and_across_references():
    second = _story().blocks[1]
    assert second.content[1] == Emphasis([Text("Enterprise")])
    assert second.content[2] == Text("’s old log.")
    log = next(block_footnotes(second))
    assert log.blocks[0] == Paragraph([Text("The log was “water-stained”.")])
    # The sentence after a reference is set as a neighbour of the one before it.
    assert second.content[4] == Text(" She read it twice.")


def test_footnote_is_not_part_of_the_lines_plain_text_but_counts_as_words():
    paragraph = Paragraph([Text("Two words."), Footnote([Paragraph([Text("Three more words.")])])])
    assert inline_text(paragraph.content) == "Two words."
    assert count_words([paragraph]) == 5


def test_native_round_trip_keeps_footnotes():
    story = _story()
    assert from_native(to_native(story)) == story


def test_xhtml_links_each_reference_and_its_note_both_ways():
    html = "\n".join(section.html for section in story_sections(_story(), 1))
    refs = re.findall(r'<a id="([^"]+)" class="noteref" href="#([^"]+)" epub:type="noteref" role="doc-noteref">(\d+)</a>',
                      html)
    assert [number for _, _, number in refs] == ["1", "2", "3"]
    for ref_id, note_id, number in refs:
        aside = re.search(rf'<aside id="{note_id}" class="footnote" epub:type="footnote" role="doc-footnote">'
                          rf'<p><a class="footnote-back" href="#{ref_id}" role="doc-backlink">{number}</a> ', html)
        assert aside, note_id
    # Each note follows the paragraph that refers to it, before the next paragraph.
    assert html.index('id="story-01-note-1"') < html.index("She climbed")


def test_footnotes_in_the_epub_pass_epubcheck_and_in_print_sit_at_the_foot_of_the_page(tmp_path):
    from pypdf import PdfReader

    source = tmp_path / "keeper.md"
    source.write_text(STORY, encoding="utf-8")
    result = run_ficbind("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    epub = tmp_path / "out" / "the-lighthouse-keeper.epub"
    assert epubcheck_problems(epub) == []
    with zipfile.ZipFile(epub) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("EPUB/text/"))
    assert text.count('epub:type="footnote"') == 3
    # In print the note is on the page of its reference, below the text, not at the end.
    pages = [page.extract_text() for page in PdfReader(tmp_path / "out" / "the-lighthouse-keeper.pdf").pages]
    page = next(p for p in pages if "kept the lamp" in p)
    assert "Thirty-one, if you count" in page
    assert page.index("Thirty-one, if you count") > page.index("She read it twice")


def test_real_world_markdown_footnotes():
    path = real_world("md-nephilim-prologue/Prologue.md")
    story = transform_story(read_text(path.read_text(encoding="utf-8"), str(path)))
    notes = [note for block in story.blocks for note in block_footnotes(block)]
    assert len(notes) >= 5
    assert all(note.blocks for note in notes)
    assert not any("[^" in inline_text(b.content) for b in story.blocks if isinstance(b, Paragraph))


def test_a_story_without_footnotes_renders_as_before():
    story = Story("plain.txt", StoryMeta(title="Plain"), [Paragraph([Text("Just text.")])])
    html = "\n".join(section.html for section in story_sections(story, 1))
    assert "noteref" not in html and "footnote" not in html
