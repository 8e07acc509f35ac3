"""Authors' notes and disclaimers typed into a download's chapters (typednotes.py).

Small made-up chapters first; then the real downloads in ../shared/real-world/ whose
chapters carry `A/N:` and `Disclaimer:` paragraphs (skipped when that folder is absent).
"""

from __future__ import annotations

import re

import pytest

from ficbind.model import (
    Heading,
    Note,
    Paragraph,
    SceneBreak,
    Story,
    StoryMeta,
    Strong,
    Text,
    block_text,
    blocks_text,
    inline_text,
)
from ficbind.readers import read_story
from ficbind.readers.typednotes import (
    AUTHORS_NOTE,
    DISCLAIMER,
    read_chapter,
    take_typed_notes,
)

from conftest import real_world


def p(text: str) -> Paragraph:
    return Paragraph([Text(text)])


def heading(text: str) -> Heading:
    return Heading(1, [Text(text)])


def texts(blocks) -> list[str]:
    return [block_text(b) for b in blocks]


def story(*blocks) -> Story:
    return Story(path="made-up.epub", meta=StoryMeta(title="Made Up"), blocks=list(blocks))


@pytest.mark.quick
def test_a_chapter_opening_with_a_note_and_a_disclaimer_gives_both_as_notes():
    chapter = read_chapter([p("A/N: Sorry this one is late."), p("Disclaimer: Not mine."), SceneBreak(),
                            p("The rain had stopped."), p("She went out.")])
    assert [(n.label, blocks_text(n.blocks)) for n in chapter.opening] == [
        (AUTHORS_NOTE, "Sorry this one is late."), (DISCLAIMER, "Not mine.")]
    assert texts(chapter.text) == ["The rain had stopped.", "She went out."]  # the break went with the notes


@pytest.mark.quick
def test_a_bold_label_is_taken_off_inside_the_bold():
    chapter = read_chapter([Paragraph([Strong([Text("A/N:")]), Text(" thanks for reading")]), p("Story.")])
    assert blocks_text(chapter.opening[0].blocks) == "thanks for reading"
    chapter = read_chapter([Paragraph([Strong([Text("Disclaimer: I own nothing")])]), p("Story.")])
    note = chapter.opening[0]
    assert note.label == DISCLAIMER
    assert note.blocks == [Paragraph([Strong([Text("I own nothing")])])]


@pytest.mark.quick
@pytest.mark.parametrize("label", ["a/n :", "(A/N)", "AN:", "A.N.:", "Author's Note -", "Authors notes:",
                                   "DISCLAIMER:", "Disclaimer -"])
def test_each_way_of_writing_the_label(label):
    chapter = read_chapter([p("Once upon a time."), SceneBreak(), p(f"{label} the words after it")])
    assert not chapter.opening
    assert blocks_text(chapter.closing[0].blocks) == "the words after it"
    assert texts(chapter.text) == ["Once upon a time."]


@pytest.mark.quick
@pytest.mark.parametrize("opening", ["An hour later, the door opened.", "Anne: where are you?",
                                     "Disclaimers are for cowards, he thought.", "Authors never finish."])
def test_story_that_only_looks_like_a_label_stays_story(opening):
    blocks = [p(opening), p("The end of it.")]
    chapter = read_chapter(blocks)
    assert not chapter.opening and not chapter.closing
    assert chapter.text == blocks


@pytest.mark.quick
def test_an_a_n_in_the_middle_of_a_chapter_stays_where_it_is():
    blocks = [p("Morning came."), p("She ate."), p("They left at noon."), p("A/N: the spell is from book three."),
              p('"Wait," he said.'), p("They waited.")]
    chapter = read_chapter(blocks)
    assert not chapter.opening and not chapter.closing
    assert chapter.text == blocks


@pytest.mark.quick
def test_narration_before_an_a_n_is_never_taken_for_notes():
    blocks = [p("Morning came."), p("A/N: set after season two."), p("She ate."), p("She slept."), p("Dawn.")]
    assert read_chapter(blocks).text == blocks


@pytest.mark.quick
def test_the_author_talking_before_a_disclaimer_goes_with_it():
    chapter = read_chapter([p("Chapter two is up at last!"), p("Reader one: thank you!"),
                            p("Disclaimer: Not mine."), p("Okay, story time."), p("Kaia woke.")])
    assert [(n.label, len(n.blocks)) for n in chapter.opening] == [(AUTHORS_NOTE, 2), (DISCLAIMER, 1)]
    assert texts(chapter.text) == ["Okay, story time.", "Kaia woke."]


@pytest.mark.quick
def test_dialogue_before_a_disclaimer_is_story():
    blocks = [p('"Run," she said.'), p("Disclaimer: Not mine."), p("Kaia woke."), p("She ran."), p("Dusk.")]
    assert read_chapter(blocks).text == blocks


@pytest.mark.quick
def test_a_closing_note_runs_to_the_chapter_end_and_keeps_its_later_labels_apart():
    story_text = [p('"Go," he said.'), p("She went."), p("It rained."), p("She came back."), p("Night.")]
    chapter = read_chapter([*story_text, SceneBreak(), p("a/n: Hope you liked it!"),
                            p("Reviewer: thanks!"), p("Signed, me"), p("Disclaimer: still not mine")])
    assert [(n.label, texts(n.blocks)) for n in chapter.closing] == [
        (AUTHORS_NOTE, ["Hope you liked it!", "Reviewer: thanks!", "Signed, me"]), (DISCLAIMER, ["still not mine"])]
    assert chapter.text == story_text


@pytest.mark.quick
def test_dialogue_after_a_closing_label_keeps_it_in_the_story():
    blocks = [p("She went."), p("A/N: yes, this is canon."), p('"Go," he said.')]
    assert read_chapter(blocks).text == blocks


@pytest.mark.quick
def test_a_banner_and_the_sites_own_notes_stay_above_the_typed_notes():
    site = Note("Chapter notes", [p("From the site.")])
    chapter = read_chapter([site, Paragraph([Strong([Text("HUNTED")])]), SceneBreak(), p("a/n: first fic!"),
                            SceneBreak(), p("He scowled.")])
    assert chapter.before[0] is site and block_text(chapter.before[1]) == "HUNTED"
    assert [blocks_text(n.blocks) for n in chapter.opening] == ["first fic!"]
    assert texts(chapter.text) == ["He scowled."]


@pytest.mark.quick
def test_a_story_gets_its_opening_notes_its_closing_notes_and_notes_beside_middle_chapters():
    result = take_typed_notes(story(
        heading("One"), p("A/N: my first story."), p("Disclaimer: not mine."), p("It began."), p("A/N: more soon!"),
        heading("Two"), p("A/N: back again."), p("It went on."), p("It ended."), SceneBreak(), p("A/N: the end!"),
    ))
    assert blocks_text(result.meta.notes) == "my first story."
    assert blocks_text(result.meta.disclaimer) == "not mine."
    assert blocks_text(result.meta.end_notes) == "the end!"
    layout = [(b.label if isinstance(b, Note) else block_text(b)) for b in result.blocks]
    assert layout == ["One", "It began.", AUTHORS_NOTE, "Two", AUTHORS_NOTE, "It went on.", "It ended."]


@pytest.mark.quick
def test_the_last_chapters_notes_stay_beside_it_when_the_sites_end_notes_follow():
    site = Note("Chapter end notes", [p("From the site.")])
    result = take_typed_notes(story(heading("One"), p("It ended."), p("A/N: bye!"), site))
    assert not result.meta.end_notes
    assert [(b.label if isinstance(b, Note) else block_text(b)) for b in result.blocks] == [
        "One", "It ended.", AUTHORS_NOTE, "Chapter end notes"]


@pytest.mark.quick
def test_a_story_with_no_typed_notes_is_unchanged():
    blocks = [heading("One"), p("It began."), SceneBreak(), p("It ended.")]
    assert take_typed_notes(story(*blocks)).blocks == blocks


# --- the real downloads ------------------------------------------------------------------

_LABEL_START = re.compile(r"^\W*(?:a/n|disclaimer)\b", re.IGNORECASE)


def _real(relative: str) -> Story:
    return read_story(real_world(relative), f"real-world/{relative}")


def _chapters(blocks) -> list[list]:
    chapters: list[list] = [[]]
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            chapters.append([])
        else:
            chapters[-1].append(block)
    return [c for c in chapters if c]


def _story_paragraphs(chapter) -> list[str]:
    return [inline_text(b.content) for b in chapter if isinstance(b, Paragraph)]


@pytest.mark.quick
@pytest.mark.parametrize("relative", ["fichub-ffn-epub-hunted/hunted.epub", "webtoepub-ffn-isolation/isolation.epub"])
def test_ffn_downloads_have_their_typed_notes_as_notes(relative):
    story = _real(relative)
    assert story.meta.disclaimer, "chapter 1's disclaimer is the story's"
    assert story.meta.end_notes, "the last chapter's closing note is the story's end notes"
    chapters = _chapters(story.blocks)
    assert sum(isinstance(b, Note) and b.label == AUTHORS_NOTE for b in story.blocks) >= len(chapters) - 2
    for chapter in chapters:
        paragraphs = _story_paragraphs(chapter)
        assert not _LABEL_START.match(paragraphs[0]) and not _LABEL_START.match(paragraphs[-1])
    left = [t for t in _story_paragraphs(story.blocks) if _LABEL_START.match(t)]
    assert len(left) <= 1  # one isolation chapter opens with a line to readers before its A/N


@pytest.mark.quick
@pytest.mark.parametrize("relative", ["ao3-fire-and-feather/incompleteWork.html",
                                      "ao3-fire-and-feather/incompleteWork.epub"])
def test_ao3_chapter_text_has_its_typed_notes_as_notes(relative):
    story = _real(relative)
    chapters = _chapters(story.blocks)
    second = chapters[1]
    assert [b.label for b in second if isinstance(b, Note)] == [
        "Chapter notes", AUTHORS_NOTE, DISCLAIMER, "Chapter end notes"]
    for chapter in chapters:
        assert not any(_LABEL_START.match(t) for t in _story_paragraphs(chapter))
    assert blocks_text(story.meta.notes).startswith("This is my first fanfic ever.")  # the work's own notes first
