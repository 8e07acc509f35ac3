"""Reader edge cases: front matter that is not YAML, Markdown's HTML, file-name titles,
language names, manifest overrides, and stories that only look like headers."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from ficbind.model import Emphasis, LineBreak, Paragraph, SceneBreak, StoryMeta, Strong, Text, blocks_text
from ficbind.readers.markdown import read_text as read_markdown
from ficbind.readers.metadata import apply_overrides
from ficbind.readers.plaintext import read_text, title_from_file_name
from ficbind.text.languages import language_tag

from conftest import INPUTS, run_ficbind


def test_front_matter_yaml_cannot_parse_is_read_as_a_header():
    # `Re: Zero` is a YAML error; the fields are still found
    story = read_text("---\ntitle: Re: Zero Hour\nauthor: quillon\n---\n\nThe clock stopped.\n", "x.txt")
    assert story.meta.title == "Re: Zero Hour"
    assert story.meta.authors == ["quillon"]
    assert blocks_text(story.blocks) == "The clock stopped."


def test_a_story_opening_with_a_rule_is_not_front_matter():
    story = read_text("---\nThe rain came down all night.\nShe did not sleep.\n---\n\nMorning.\n", "rain-story.txt")
    assert story.meta.title == "Rain Story"
    assert "The rain came down all night." in blocks_text(story.blocks)


def test_markdown_reads_html_emphasis_and_drops_every_other_tag():
    story = read_markdown(
        "# A Title\n\nShe said <i>no</i>, <b>twice</b>.<br>Then <span onclick=\"x()\">left</span>"
        " [home](http://example.org) ![a map](map.png).\n\n<hr>\n\nAfter.\n",
        "x.md",
    )
    assert story.meta.title == "A Title"
    first = story.blocks[0]
    assert first == Paragraph([
        Text("She said "), Emphasis([Text("no")]), Text(", "), Strong([Text("twice")]), Text("."), LineBreak(),
        Text("Then left home a map."),
    ])
    assert story.blocks[1] == SceneBreak()


def test_markdown_title_repeated_as_first_heading_is_not_a_chapter():
    story = read_markdown("---\ntitle: Low Water\n---\n\n# Low Water\n\n## One\n\nText.\n\n## Two\n\nMore.\n", "x.md")
    assert story.meta.title == "Low Water"
    assert [type(b).__name__ for b in story.blocks] == ["Heading", "Paragraph", "Heading", "Paragraph"]
    assert {b.level for b in story.blocks if type(b).__name__ == "Heading"} == {1}


def test_a_markdown_file_opening_with_a_chapter_heading_is_named_after_the_file():
    story = read_markdown("# Chapter 1\n\nIt began.\n", "salt-and-iron.md")
    assert story.meta.title == "Salt and Iron"


@pytest.mark.parametrize(
    "path, title",
    [
        ("the-long-way-round.txt", "The Long Way Round"),
        ("03_the_long_way_round.txt", "The Long Way Round"),
        ("000_5f4c5af0a22e3cfb.txt", "000 5f4c5af0a22e3cfb"),  # nothing but numbers: kept recognisable
        ("07-5f4c5af0a22e3cfb-paper-boats.txt", "Paper Boats"),
        ("a-tale-of-two-cities.md", "A Tale of Two Cities"),
        ("NYC nights.txt", "NYC Nights"),
    ],
)
def test_titles_from_file_names(path, title):
    assert title_from_file_name(path) == title


def test_a_chat_line_after_the_header_is_story_not_a_field():
    story = read_text("Title: Group Chat\nRating: T\n\nDean: where are you\n\nSam: library\n", "x.txt")
    assert [f.label for f in story.meta.fields] == ["Title", "Rating"]
    assert blocks_text(story.blocks).startswith("Dean: where are you")


def test_a_short_first_sentence_is_not_a_title():
    story = read_text("Rain.\n\nIt fell all night, and nobody slept.\n", "rain.txt")
    assert story.meta.title == "Rain"  # from the file name
    assert blocks_text(story.blocks).startswith("Rain.")


@pytest.mark.parametrize("name, tag", [("English", "en"), ("Español", "es"), ("pt-BR", "pt-BR"), ("en", "en"),
                                       ("日本語", "ja"), ("Klingon", None), (None, None)])
def test_language_names_become_tags(name, tag):
    assert language_tag(name) == tag


def test_overrides_win_and_take_text_for_prose_and_lists():
    meta = StoryMeta(title="Old", authors=["a"], summary=[Paragraph([Text("old")])], tags=["x"])
    meta = apply_overrides(meta, {
        "title": "New", "authors": ["b", "c"], "summary": "One.\n\nTwo.", "tags": ["y", "z"], "rating": "M",
        "prompt": "From someone , Hello there, Up high, And low down. From the song \"Up\" by The Band.",
    })
    assert (meta.title, meta.authors, meta.tags, meta.rating) == ("New", ["b", "c"], ["y", "z"], "M")
    assert meta.summary == [Paragraph([Text("One.")]), Paragraph([Text("Two.")])]
    # an overridden prompt is read like a header's: the lyric it quotes becomes the epigraph
    from ficbind.model import Story
    from ficbind.transforms import lyrics

    story = lyrics.apply(Story(path="x.txt", meta=meta, blocks=[]))
    assert blocks_text(story.meta.prompt) == "From someone"
    assert story.meta.epigraph is not None and story.meta.epigraph_from == "prompt"


def test_a_book_of_an_ao3_copy_gets_a_real_language_tag(tmp_path):

    story = INPUTS / "headers" / "ao3-page-copy.txt"
    result = run_ficbind("build", str(story), "-o", str(tmp_path), "-f", "epub")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "the-longest-night.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "en"


def test_an_ao3_copy_without_its_work_text_landmark_keeps_the_story():

    text = (INPUTS / "headers" / "ao3-page-copy.txt").read_text()
    story = read_text(text.replace("Work Text:\n", ""), "copy.txt")
    assert blocks_text(story.meta.notes).startswith("For the winter solstice exchange.")
    assert blocks_text(story.blocks).startswith("Midwinter came in on a Tuesday")


def test_prose_between_rules_that_yaml_would_read_as_a_mapping_is_not_front_matter():
    story = read_text("---\nShe said: no\n---\n\nAnd that was that.\n", "no-said.txt")
    assert story.meta.title == "No Said"
    assert story.meta.fields == []
    assert "She said: no" in blocks_text(story.blocks)


def test_yaml_aliases_are_not_expanded():
    bomb = "---\ntitle: Laughs\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}]\n"
        for k in range(12)
    ) + "---\n\nThe story.\n"
    story = read_text(bomb, "bomb.txt")  # returns at once, read as Key: value lines
    assert story.meta.title == "Laughs"
    assert blocks_text(story.blocks) == "The story."
