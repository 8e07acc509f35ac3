"""Scene breaks, indents and hard wrapping: plain-text layout becomes document structure."""

from __future__ import annotations

import pytest

from ficbind.model import Heading, LineBreak, Paragraph, SceneBreak, Story, StoryMeta, Text, Verse, inline_text
from ficbind.readers.plaintext import read
from ficbind.transforms import transform_story
from ficbind.transforms.structure import is_scene_break, mark_structure, wrap_width

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

P = pytest.param

BREAKS = [
    "* * *", "***", "*", "**", "~*~", "~*~*~*~", "oOo", "OoO", "o0o", "xXx", "-x-x-", "~o~", "<><><>", "><><><",
    "###", "#", "+++", "___", "===", "=+=+=+=", "•••", "⁂", "❧", "~~~", "---", "-----------",
    "                    * * *", "\u00a0\u00a0\u00a0\u00a0*", "*\u200b*\u200b*", "◆◇◆", "✿✿✿",
    "-Line Break-", "~*~ scene break ~*~", "[line break]", "LINEBREAK",
]
NOT_BREAKS = [
    "xxx", "XOXO", "xoxo", "ooo", "Ooo.", "OK", "...", ". . .", "…", "—", "-", "--", "?!", "!!!",
    "*sigh*", "~Flashback~", "The End", "♪ ♪ ♪", "I", "0", "A/N", "4x04", "*** he swore", "Break.",
    "o_O", "-_-", "^_^", "\\o/", ":/", "x_x", ":o", "<3", "XXX", "——",
]


@pytest.mark.parametrize("line", BREAKS)
def test_scene_break_shapes(line):
    assert is_scene_break(line)


@pytest.mark.parametrize("line", NOT_BREAKS)
def test_lines_that_are_not_scene_breaks(line):
    assert not is_scene_break(line)


def body(text: str) -> list[str]:
    """The transformed body as short strings: paragraphs as text (line breaks as
    ` / `), `<break>` for scene breaks, `<verse: ...>` for verse."""
    story = transform_story(read(("Title: Test\n\n" + text).encode("utf-8"), "test.txt"))
    out = []
    for block in story.blocks:
        if isinstance(block, SceneBreak):
            out.append("<break>")
        elif isinstance(block, Verse):
            out.append("<verse: " + " / ".join(inline_text(line) for line in block.lines) + ">")
        else:
            out.append(inline_text(block.content).replace("\n", " / "))
    return out


def test_every_break_shape_becomes_one_scene_break():
    text = "\n\n".join(f"Scene {n}.\n\n{shape}" for n, shape in enumerate(BREAKS)) + "\n\nThe last scene.\n"
    blocks = body(text)
    assert blocks.count("<break>") == len(BREAKS)
    assert blocks[-1] == "The last scene."


def test_breaks_at_the_edges_and_in_runs_collapse():
    assert body("* * *\n\nFirst.\n\n* * *\n\noOo\n\nSecond.\n\n~*~\n") == ["First.", "<break>", "Second."]


def test_break_next_to_a_chapter_heading_is_dropped():
    story = Story("x.txt", StoryMeta(), [
        Paragraph([Text("One.")]), Paragraph([Text("***")]), Heading(1, [Text("Chapter 2")]),
        Paragraph([Text("***")]), Paragraph([Text("Two.")]),
    ])
    blocks = mark_structure(story.blocks)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Heading", "Paragraph"]


def test_break_inside_a_blank_line_paragraph_splits_it():
    assert body("The door shut.\n* * *\nMorning came.\n") == ["The door shut.", "<break>", "Morning came."]


def test_one_paragraph_per_line_is_kept():
    text = "She waited by the window.\nNobody came.\nThe kettle boiled dry, and still she waited, counting cars.\n"
    assert body(text) == [
        "She waited by the window.", "Nobody came.",
        "The kettle boiled dry, and still she waited, counting cars.",
    ]


WRAPPED = """\
The ferry was late again, and Mara stood at the rail with her collar up,
counting the lamps along the harbour wall as if the number might change
her mind about leaving. It did not. Behind her the crowd, tired and white-
knuckled, pressed forward.

"You came," Jun said.
"I said I would."

Dear Wren,
I am sorry.
Mara

Nobody on the quay looked up when the horn sounded, and the gulls went on
with their arguing over the fish crates by the customs shed.
"""


def test_hard_wrapped_text_is_unwrapped_and_meant_breaks_kept():
    assert body(WRAPPED) == [
        "The ferry was late again, and Mara stood at the rail with her collar up, counting the lamps along "
        "the harbour wall as if the number might change her mind about leaving. It did not. Behind her the "
        "crowd, tired and white-knuckled, pressed forward.",
        "“You came,” Jun said. / “I said I would.”",
        "Dear Wren, / I am sorry. / Mara",
        "Nobody on the quay looked up when the horn sounded, and the gulls went on with their arguing over "
        "the fish crates by the customs shed.",
    ]


def test_hard_wrapped_text_without_blank_lines_is_rejoined_by_width():
    # The reader makes every line of such a file a paragraph (it cannot see indents);
    # a line that stops well short of the wrap column ends a paragraph.
    text = (
        "The ferry was late again, and Mara stood at the rail with her collar up,\n"
        "counting the lamps along the harbour wall as if the number might change\n"
        "her mind about leaving.\n"
        "Jun did not look at her. He had the tickets in his coat and a cold in his\n"
        "chest, and the crossing would be rough whatever they decided.\n"
        "The horn went once, twice, and the gulls rose off the customs shed roof\n"
        "in one grey sheet, complaining, and settled again on the fish crates by\n"
        "the water.\n"
        "Nobody on the quay looked up. They had all seen the ferry come in late\n"
        "before, and most of them had been on it at least once when it did.\n"
        "In the end she went aboard.\n"
    )
    assert body(text) == [
        "The ferry was late again, and Mara stood at the rail with her collar up, counting the lamps along "
        "the harbour wall as if the number might change her mind about leaving.",
        "Jun did not look at her. He had the tickets in his coat and a cold in his chest, and the crossing "
        "would be rough whatever they decided.",
        "The horn went once, twice, and the gulls rose off the customs shed roof in one grey sheet, "
        "complaining, and settled again on the fish crates by the water.",
        "Nobody on the quay looked up. They had all seen the ferry come in late before, and most of them had "
        "been on it at least once when it did.",
        "In the end she went aboard.",
    ]


def test_wrap_width_needs_lines_that_reach_the_same_column():
    assert wrap_width(["a" * 70, "b" * 66, "c" * 71, "d" * 69]) == 71
    assert wrap_width(["a" * 20, "b" * 71, "c" * 35, "d" * 50]) is None  # ragged: verse or dialogue
    assert wrap_width(["a" * 30, "b" * 31, "c" * 29]) is None  # too narrow to be an editor's wrap


def test_indents_and_nbsp_lines_are_dropped():
    text = "&nbsp;&nbsp;&nbsp;&nbsp;The first line.\n&nbsp;\n\u00a0\u00a0\u00a0The second line.\n    The third.\n"
    assert body(text) == ["The first line.", "The second line.", "The third."]


def test_line_breaks_survive_as_line_breaks():
    text = "Title: T\n\nroses by the door,\nrain on the roof\n\nShe read it twice.\n"
    story = transform_story(read(text.encode(), "t.txt"))
    assert any(isinstance(node, LineBreak) for node in story.blocks[0].content)
