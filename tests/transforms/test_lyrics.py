"""Song lyrics: the header's quoted lyric becomes an epigraph; sung lines in the body become verse."""

from __future__ import annotations

import pytest
from lxml import etree

from ficbind.model import Emphasis, Paragraph, Verse, inline_text
from ficbind.readers.plaintext import read
from ficbind.transforms import transform_story
from ficbind.transforms.lyrics import _epigraph_from, lyric_lines
from ficbind.writers.xhtml import story_preface

from conftest import SEEDS

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

P = pytest.param


def story(text: str, name: str = "song.txt"):
    return transform_story(read(text.encode("utf-8"), name))


def shape(blocks) -> list[str]:
    """`V: line / line` for verse, `P: text` for paragraphs, `<em>` shown as `_x_`."""
    out = []
    for block in blocks:
        if isinstance(block, Verse):
            out.append("V: " + " / ".join(inline_text(line) for line in block.lines))
        elif isinstance(block, Paragraph):
            text = "".join(
                f"_{inline_text(n.content)}_" if isinstance(n, Emphasis) else inline_text([n]) for n in block.content
            )
            out.append("P: " + text.replace("\n", " / "))
        else:
            out.append(type(block).__name__)
    return out


def test_seed_000_prompt_lyric_becomes_the_epigraph():
    (path,) = SEEDS.glob("000_*.txt")
    seed = transform_story(read(path.read_bytes(), str(path)))
    epigraph = seed.meta.epigraph
    assert [inline_text(line) for line in epigraph.lines] == [
        "Cause I’m fake at the seams,",
        "I’m lost in my dreams,",
        "And I want you to know,",
        "that I can’t let you go.",
        "And you’re never coming home again,",
        "and you’re never coming home again.",
    ]
    assert inline_text(epigraph.credit) == "“Swans” by Unkle Bob"
    # What else the prompt said stays the prompt: who gave it.
    assert [inline_text(b.content) for b in seed.meta.prompt] == ["From miss_blanche"]
    # No line of seed 000's body repeats the lyric, and its short lines are prose.
    assert not any(isinstance(b, Verse) for b in seed.blocks)


def test_the_story_title_page_shows_the_epigraph():
    (path,) = SEEDS.glob("000_*.txt")
    seed = transform_story(read(path.read_bytes(), str(path)))
    html = story_preface(seed)
    page = etree.fromstring(html.encode())
    quote = page.find("blockquote[@class='epigraph']")
    assert quote is not None
    assert [span.text for span in quote.iter("span")][0] == "Cause I’m fake at the seams,"
    assert quote.find("p[@class='credit']").text == "“Swans” by Unkle Bob"


CREDITS = [
    P('From ember_lights, The tide goes out, the lamps go on, and nobody waits. From the song "Low Tide" by '
      "The Harbour Choir.", ["The tide goes out,", "the lamps go on,", "and nobody waits."],
      '"Low Tide" by The Harbour Choir', "From ember_lights", id="prompt-source-then-lyric-then-credit"),
    P('"Hold on to me / I\'m falling down / the floor is glass" — Lanterns, "Thin Ice"',
      ["Hold on to me", "I'm falling down", "the floor is glass"], 'Lanterns, "Thin Ice"', "", id="slashes-artist-first"),
    P("we keep on running, the lights go down - \"Night Bus\" by Paper Moths",
      ["we keep on running,", "the lights go down"], '"Night Bus" by Paper Moths', "", id="dash-song-by-artist"),
    P('Lyrics from "Night Bus" by Paper Moths: we keep on running, the lights go down',
      ["we keep on running,", "the lights go down"], '"Night Bus" by Paper Moths', "", id="credit-first"),
    P('For you, I\'d walk the whole coast road tonight - "Coast Road" by Paper Moths',
      ["For you,", "I'd walk the whole coast road tonight"], '"Coast Road" by Paper Moths', "",
      id="lyric-opening-for-you-is-not-a-prompt-source"),
    P('Prompted by Wren: the lights go down, we keep on running - "Night Bus" by Paper Moths',
      ["the lights go down,", "we keep on running"], '"Night Bus" by Paper Moths', "Prompted by Wren",
      id="prompted-by-then-lyric"),
    P('Prompted by Wren: the lights go down, we keep on running. "Night Bus" by Paper Moths', None, None, None,
      id="no-dash-before-a-bare-credit"),
    P("Title from the song “Night Bus” by Paper Moths.", None, None, None, id="credit-without-lyric"),
    P("Written for the summer exchange.", None, None, None, id="no-song"),
]


@pytest.mark.parametrize(("text", "lines", "credit", "rest"), CREDITS)
def test_lyric_and_credit_in_a_header_field(text, lines, credit, rest):
    found = _epigraph_from(text)
    if lines is None:
        assert found is None
        return
    assert [inline_text(line) for line in found.epigraph.lines] == lines
    assert inline_text(found.epigraph.credit) == credit
    assert found.rest == rest


def test_lyric_lines_keep_short_phrases_together():
    assert lyric_lines("Oh, baby, I know, I know the way home") == ["Oh, baby,", "I know,", "I know the way home"]


def test_music_notes_mark_verse():
    text = (
        "Title: Radio\n\nThe car radio crackled.\n\n♪ We are the tide ♪\n♫ we come back in ♫\n\n"
        "Wren turned it off.\n"
    )
    assert shape(story(text).blocks) == [
        "P: The car radio crackled.", "V: We are the tide / we come back in", "P: Wren turned it off.",
    ]


def test_runs_of_wrapped_lines_are_verse_and_a_single_one_is_emphasis():
    text = (
        "Title: Humming\n\nShe hummed as she worked.\n\n~the tide goes out~\n~and the lamps go on~\n\n"
        "*Not again,* she thought.\n\n*Why now?*\n\nThe kettle sang.\n"
    )
    assert shape(story(text).blocks) == [
        "P: She hummed as she worked.",
        "V: the tide goes out / and the lamps go on",
        "P: _Not again,_ she thought.",
        "P: _Why now?_",
        "P: The kettle sang.",
    ]


def test_one_line_per_paragraph_wrapped_runs_are_verse():
    text = "Title: Humming\nRating: G\n\nShe sang under her breath.\n_the tide goes out_\n_and the lamps go on_\nThen she stopped.\n"
    assert shape(story(text).blocks) == [
        "P: She sang under her breath.", "V: the tide goes out / and the lamps go on", "P: Then she stopped.",
    ]


SONGFIC = (
    "Title: Low Tide\nSong: \"Low Tide\" by The Harbour Choir\n\n"
    "The ferry was late.\n\n"
    "The tide goes out\nand the lamps go on\nand nobody waits for the morning\n\n"
    "Mara waited anyway.\n"
)


def test_songfic_header_makes_a_stanza_verse():
    assert shape(story(SONGFIC).blocks) == [
        "P: The ferry was late.",
        "V: The tide goes out / and the lamps go on / and nobody waits for the morning",
        "P: Mara waited anyway.",
    ]


def test_without_a_song_in_the_header_short_lines_keep_their_breaks_as_prose():
    text = SONGFIC.replace('Song: "Low Tide" by The Harbour Choir\n', "")
    assert shape(story(text).blocks)[1] == "P: The tide goes out / and the lamps go on / and nobody waits for the morning"


def test_songfic_one_line_per_paragraph_short_unpunctuated_runs_are_verse():
    text = (
        "Title: Low Tide\nTags: songfic\n\n"
        "The ferry was late.\nThe tide goes out\nand the lamps go on\nMara waited anyway.\n"
        "Decisions made.\nSilence, mostly.\n"
    )
    assert shape(story(text).blocks) == [
        "P: The ferry was late.",
        "V: The tide goes out / and the lamps go on",
        "P: Mara waited anyway.",
        "P: Decisions made.",
        "P: Silence, mostly.",
    ]


def test_a_body_line_repeating_the_header_lyric_is_verse():
    text = (
        "Title: Low Tide\n"
        'Prompt: The tide goes out, the lamps go on, and nobody waits. From the song "Low Tide" by The Harbour Choir.\n\n'
        "The ferry was late.\n\n"
        "The lamps go on, and nobody waits.\n\n"
        "The lamps go on forever here, she thought.\n"
    )
    result = story(text)
    assert shape(result.blocks) == [
        "P: The ferry was late.",
        "V: The lamps go on, and nobody waits.",
        "P: The lamps go on forever here, she thought.",
    ]
    assert result.meta.prompt == []  # the prompt was only the lyric: nothing else to show


def test_verse_renders_line_by_line_in_the_book():
    from ficbind.writers.xhtml import render_block

    verse = story(SONGFIC).blocks[1]
    element = etree.fromstring(render_block(verse).encode())
    assert element.get("class") == "verse"
    assert [(span.get("class"), span.text) for span in element] == [
        ("line", "The tide goes out"), ("line", "and the lamps go on"), ("line", "and nobody waits for the morning"),
    ]
