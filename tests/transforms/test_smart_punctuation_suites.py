"""ficbind's typography over the prose cases of other tools' smart-punctuation suites.

The vectors below are copied, short, from the test files of five tools that curl
quotes and set dashes and ellipses:

- CommonMark: `test/smart_punct.txt` (commonmark.js, cmark), the spec's smart-punctuation examples;
- markdown-it: `test/fixtures/markdown-it/smartquotes.txt` and `typographer.txt`;
- Python-Markdown: `tests/test_syntax/extensions/test_smarty.py` (the smarty extension);
- smartypants.py: `tests/test.py` and the doctests in `smartypants.py`;
- retext-smartypants: `test.js` (default options).

Only prose cases are taken: not backslash escapes, entities, code blocks, HTML
comments, or options other than each tool's default (backticks, angle quotes,
"inverted" dashes). Each case is read the way ficbind would read it: the Markdown
suites' input through the Markdown reader, the plain-text tools' input as a
paragraph of a text file, then every transform. The output is written with
`<em>`, `<strong>` and `<br>` for the model's inlines, paragraphs on lines of their own.

Each case holds the suite's own answer. Where ficbind's house style answers
differently on purpose, `house` holds ficbind's answer and `why` says why (em dashes
are closed up; a typed `--` is an em dash in fic; a book never keeps a straight
quote). Everything else must match the suite exactly.

The score is how many cases pass: `pytest tests/transforms/test_smart_punctuation_suites.py -q`
(cases ficbind still misses are marked xfail with the reason; add `--runxfail` to
see them fail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from ficbind.model import (
    Emphasis,
    Inline,
    LineBreak,
    Paragraph,
    Story,
    StoryMeta,
    Strong,
    Text,
)
from ficbind.readers.markdown import blocks_from_markdown
from ficbind.readers.paragraphs import paragraphs_from_lines
from ficbind.transforms import transform_story

pytestmark = pytest.mark.quick

CLOSED_DASH = "ficbind closes em dashes up, so every story in a book sets them alike"
TYPED_EM_DASH = "fic typed on a keyboard means an em dash by `--` (ficbind's --- is one too)"
NO_STRAIGHT_QUOTES = "a book never keeps a straight quote: ficbind curls unmatched ones too"
FOUR_DOTS = "four or more typed dots are one ellipsis in ficbind (the full stop is not doubled)"
TWO_EM = "four hyphens are a two-em dash (letters left out), as in `Mr. B----`"


@dataclass(frozen=True)
class Case:
    suite: str
    text: str
    answer: str  # the suite's own answer
    house: str | None = None  # ficbind's answer, where its house style differs on purpose
    why: str | None = None
    markdown: bool = True  # read as Markdown, else as a paragraph of a text file
    miss: str | None = None  # a case ficbind still gets wrong, and why it is left

    @property
    def expected(self) -> str:
        return self.answer if self.house is None else self.house


CM = "commonmark smart_punct"
MI = "markdown-it smartquotes"
MT = "markdown-it typographer"
PM = "python-markdown smarty"
SP = "smartypants.py"
RS = "retext-smartypants"


def txt(suite: str, text: str, answer: str, **kw) -> Case:
    return Case(suite, text, answer, markdown=False, **kw)


CASES = [
    # --- CommonMark, test/smart_punct.txt
    Case(CM, "\"Hello,\" said the spider.\n\"'Shelob' is my name.\"",
         "“Hello,” said the spider. “‘Shelob’ is my name.”"),
    Case(CM, "'A', 'B', and 'C' are letters.", "‘A’, ‘B’, and ‘C’ are letters."),
    Case(CM, "'Oak,' 'elm,' and 'beech' are names of trees.\nSo is 'pine.'",
         "‘Oak,’ ‘elm,’ and ‘beech’ are names of trees. So is ‘pine.’"),
    Case(CM, "'He said, \"I want to go.\"'", "‘He said, “I want to go.”’"),
    Case(CM, "Were you alive in the 70's?", "Were you alive in the 70’s?"),
    Case(CM, "Here is some quoted '`code`' and a \"[quoted link](url)\".",
         "Here is some quoted ‘code’ and a “quoted link”."),
    Case(CM, "'tis the season to be 'jolly'", "’tis the season to be ‘jolly’"),
    Case(CM, "\"A paragraph with no closing quote.\n\n\"Second paragraph by same speaker, in fiction.\"",
         "“A paragraph with no closing quote.\n“Second paragraph by same speaker, in fiction.”"),
    Case(CM, "Some dashes:  one---two ---\nthree---four --- five", "Some dashes: one—two — three—four — five",
         house="Some dashes: one—two—three—four—five", why=CLOSED_DASH),
    Case(CM, "Dashes between numbers: 5--7, 255--66, 1987--1999.",
         "Dashes between numbers: 5–7, 255–66, 1987–1999."),
    Case(CM, "Ellipses...and...and....", "Ellipses…and…and….", house="Ellipses…and…and…", why=FOUR_DOTS),
    # --- markdown-it, test/fixtures/markdown-it/smartquotes.txt
    Case(MI, "\"foo 'bar' baz\"", "“foo ‘bar’ baz”"),
    Case(MI, "'foo 'bar' baz'", "‘foo ‘bar’ baz’"),
    Case(MI, "'foo \"bar' baz\"", "‘foo \"bar’ baz\"", house="‘foo “bar’ baz”", why=NO_STRAIGHT_QUOTES),
    Case(MI, "\"foo *bar* baz\"", "“foo <em>bar</em> baz”"),
    Case(MI, "'\"double in single\"'", "‘“double in single”’"),
    Case(MI, "\"'single in double'\"", "“‘single in double’”"),
    Case(MI, "*\"foo* bar\"", "<em>\"foo</em> bar\"", house="<em>“foo</em> bar”", why=NO_STRAIGHT_QUOTES),
    Case(MI, "\"foo *bar\"*", "\"foo <em>bar\"</em>", house="“foo <em>bar”</em>", why=NO_STRAIGHT_QUOTES),
    Case(MI, "*\"foo* bar *baz\"*", "<em>\"foo</em> bar <em>baz\"</em>",
         house="<em>“foo</em> bar <em>baz”</em>", why=NO_STRAIGHT_QUOTES),
    Case(MI, "*foo \"bar* *baz\" quux*", "<em>foo \"bar</em> <em>baz\" quux</em>",
         house="<em>foo “bar</em> <em>baz” quux</em>", why=NO_STRAIGHT_QUOTES),
    Case(MI, "\"Monitor 21\"\" and \"Monitor\"\"", "“Monitor 21\"” and “Monitor”\"",
         house="“Monitor 21″” and “Monitor””",
         why="inches are a double prime; the doubled quote after `Monitor` is a typo, and still curled"),
    Case(MI, "This isn't and can't be the best approach to implement this...",
         "This isn’t and can’t be the best approach to implement this…"),
    Case(MI, "users' stuff", "users’ stuff"),
    Case(MI, "\"(hai)\".", "“(hai)”."),
    Case(MI, "\"*foo* bar\"", "“<em>foo</em> bar”"),
    Case(MI, "\"foo *bar*\"", "“foo <em>bar</em>”"),
    Case(MI, "\"*foo bar*\"", "“<em>foo bar</em>”"),
    Case(MI, "\"this\"\nand \"that\".", "“this” and “that”."),
    Case(MI, "\"this\" and\n\"that\".", "“this” and “that”."),
    Case(MI, "\"this\"\\\nand \"that\".", "“this”<br>and “that”."),
    Case(MI, "\"this\" and\\\n\"that\".", "“this” and<br>“that”."),
    Case(MI, "The dog---\"'man's' best friend\"", "The dog—“‘man’s’ best friend”"),
    Case(MI, "\"test `code`\"", "“test code”"),
    Case(MI, "\"`code` test\"", "“code test”"),
    Case(MI, "\"test <br>\"", "“test<br>”"),
    Case(MI, "\"<br> test\"", "“<br>test”"),
    # --- markdown-it, test/fixtures/markdown-it/typographer.txt (quotes, dots and dashes only)
    Case(MT, "test.. test... test..... test?..... test!....", "test… test… test… test?.. test!..",
         house="test.. test… test… test?… test!…",
         why="two dots are not an ellipsis in fic (`..what?`); more than three are one ellipsis"),
    Case(MT, "---markdownit --- super---", "—markdownit — super—", house="—markdownit—super—", why=CLOSED_DASH),
    Case(MT, "markdownit---awesome", "markdownit—awesome"),
    Case(MT, "abc ----", "abc ----", house="abc ⸺", why=TWO_EM),
    Case(MT, "--markdownit -- super--", "–markdownit – super–", house="—markdownit—super—", why=TYPED_EM_DASH),
    Case(MT, "markdownit--awesome", "markdownit–awesome", house="markdownit—awesome", why=TYPED_EM_DASH),
    # --- Python-Markdown, tests/test_syntax/extensions/test_smarty.py
    Case(PM, "It's fun. What's fun?", "It’s fun. What’s fun?"),
    Case(PM, "\"Isn't this fun\"? --- she said...", "“Isn’t this fun”? — she said…",
         house="“Isn’t this fun”?—she said…", why=CLOSED_DASH),
    Case(PM, "\"'Quoted' words in a larger quote.\"", "“‘Quoted’ words in a larger quote.”"),
    Case(PM, "'Quoted \"words\" in a larger quote.'", "‘Quoted “words” in a larger quote.’"),
    Case(PM, "\"quoted\" text and **bold \"quoted\" text**",
         "“quoted” text and <strong>bold “quoted” text</strong>"),
    Case(PM, "'quoted' text and **bold 'quoted' text**",
         "‘quoted’ text and <strong>bold ‘quoted’ text</strong>"),
    Case(PM, "em-dashes (---) and ellipes (...)", "em-dashes (—) and ellipes (…)"),
    Case(PM, "\"[Link](http://example.com)\" --- she said.", "“Link” — she said.",
         house="“Link”—she said.", why=CLOSED_DASH),
    Case(PM, "\"Ellipsis within quotes...\"", "“Ellipsis within quotes…”"),
    Case(PM, "*Custer*'s Last Stand", "<em>Custer</em>’s Last Stand"),
    Case(PM, "1440--80's", "1440–80’s"),
    Case(PM, "1440--'80s", "1440–’80s"),
    Case(PM, "1440---'80s", "1440—’80s"),
    Case(PM, "1960's", "1960’s"),
    Case(PM, "one two '60s", "one two ’60s"),
    Case(PM, "'60s", "’60s"),
    Case(PM, "A line that 'wraps' with\n*emphasis* at the beginning of the next line.",
         "A line that ‘wraps’ with <em>emphasis</em> at the beginning of the next line."),
    # --- smartypants.py, tests/test.py and its doctests (default attributes)
    txt(SP, "\"foo\" -- bar", "“foo” — bar", house="“foo”—bar", why=CLOSED_DASH),
    txt(SP, "1440-80's", "1440-80’s"),
    txt(SP, "1440-'80s", "1440-‘80s", house="1440-’80s", why="the apostrophe of `'80s` stands for `19`"),
    txt(SP, "1440--'80s", "1440—‘80s", house="1440–’80s",
        why="`--` between numbers is a range (en dash), and `'80s` opens with an apostrophe"),
    txt(SP, "1960s", "1960s"),
    txt(SP, "1960's", "1960’s"),
    txt(SP, "one two '60s", "one two ‘60s", house="one two ’60s", why="the apostrophe of `'60s` stands for `19`"),
    txt(SP, "'60s", "‘60s", house="’60s", why="the apostrophe of `'60s` stands for `19`"),
    txt(SP, "blah--blah", "blah—blah"),
    txt(SP, "21st century", "21st century"),
    txt(SP, "3rd", "3rd"),
    txt(SP, "\"Isn't this fun?\"", "“Isn’t this fun?”"),
    txt(SP, "\"quote here\"", "“quote here”"),
    txt(SP, "Nothing endures but change. -- Heraclitus", "Nothing endures but change. — Heraclitus",
        house="Nothing endures but change. —Heraclitus",
        why="a credit after a quotation: the dash joins the name (as in an epigraph's credit), "
        "the space keeps it off the quotation's last sentence"),
    txt(SP, "Life itself is the proper binge. --- Julia Child (1912--2004)",
        "Life itself is the proper binge. — Julia Child (1912–2004)",
        house="Life itself is the proper binge. —Julia Child (1912–2004)",
        why="a credit after a quotation, as above"),
    txt(SP, "Huh...?", "Huh…?"),
    # --- retext-smartypants, test.js (default options)
    txt(RS, "Alfred \"bertrand\" cees.", "Alfred “bertrand” cees."),
    txt(RS, "Alfred 'bertrand' cees.", "Alfred ‘bertrand’ cees."),
    txt(RS, "\"Alfred\" bertrand.", "“Alfred” bertrand."),
    txt(RS, "'Alfred' bertrand.", "‘Alfred’ bertrand."),
    txt(RS, "Alfred \"bertrand\".", "Alfred “bertrand”."),
    txt(RS, "Alfred 'bertrand'.", "Alfred ‘bertrand’."),
    txt(RS, "\"'Alfred' bertrand\" cees.", "“‘Alfred’ bertrand” cees."),
    txt(RS, "\"Alfred 'bertrand'\" cees.", "“Alfred ‘bertrand’” cees."),
    txt(RS, "'\"Alfred\" bertrand' cees.", "‘“Alfred” bertrand’ cees."),
    txt(RS, "'Alfred \"bertrand\"' cees.", "‘Alfred “bertrand”’ cees."),
    txt(RS, "\"Alfred \"bertrand\" cees.\"", "“Alfred “bertrand” cees.”"),
    txt(RS, "'Alfred 'bertrand' cees.'", "‘Alfred ‘bertrand’ cees.’"),
    txt(RS, "Alfred \".bertrand\" cees.", "Alfred “.bertrand” cees."),
    txt(RS, "Alfred '.bertrand' cees.", "Alfred ‘.bertrand’ cees."),
    txt(RS, "Alfred \"bertrand.\" cees.", "Alfred “bertrand.” cees."),
    txt(RS, "Alfred 'bertrand.' cees.", "Alfred ‘bertrand.’ cees."),
    txt(RS, "\"..Alfred\"", "“..Alfred”"),
    txt(RS, "'..Alfred'", "‘..Alfred’"),
    txt(RS, "\"Alfred\"..", "“Alfred”.."),
    txt(RS, "'Alfred'..", "‘Alfred’.."),
    txt(RS, "\"Alfred\", bertrand.", "“Alfred”, bertrand."),
    txt(RS, "'Alfred', bertrand.", "‘Alfred’, bertrand."),
    txt(RS, "Alfred's bertrand.", "Alfred’s bertrand."),
    txt(RS, "In the '90s.", "In the ’90s."),
    txt(RS, "\"Alfred bertrand\". Cees.", "“Alfred bertrand”. Cees."),
    txt(RS, "'Alfred bertrand'. Cees.", "‘Alfred bertrand’. Cees."),
    txt(RS, "Alfred--bertrand--cees.", "Alfred—bertrand—cees."),
    txt(RS, "Alfred... Bertrand.", "Alfred… Bertrand."),
    txt(RS, "...Alfred Bertrand.", "…Alfred Bertrand."),
    txt(RS, "Alfred Bertrand...", "Alfred Bertrand…"),
    txt(RS, "Alfred ... Bertrand.", "Alfred … Bertrand."),
    txt(RS, "... Alfred Bertrand.", "… Alfred Bertrand."),
    txt(RS, "Alfred Bertrand ...", "Alfred Bertrand …"),
    txt(RS, "Alfred . . . Bertrand.", "Alfred … Bertrand."),
    txt(RS, ". . . Alfred Bertrand.", "… Alfred Bertrand."),
    txt(RS, "Alfred Bertrand . . .", "Alfred Bertrand …"),
    txt(RS, "Alfred. . . Bertrand.", "Alfred… Bertrand."),
    txt(RS, ". . .Alfred Bertrand.", "…Alfred Bertrand."),
    txt(RS, "Alfred Bertrand. . .", "Alfred Bertrand…"),
    txt(RS, "Alfred..... Bertrand.", "Alfred… Bertrand."),
    txt(RS, "Alfred bertrand....", "Alfred bertrand…"),
    txt(RS, "......Alfred bertrand.", "…Alfred bertrand."),
    txt(RS, "Alfred .. .. . Bertrand.", "Alfred … Bertrand."),
    txt(RS, "Alfred.. Bertrand.", "Alfred.. Bertrand."),
    txt(RS, "Alfred bertrand. .", "Alfred bertrand. ."),
    txt(RS, ".Alfred bertrand.", ".Alfred bertrand."),
]


def _inlines(nodes: list[Inline]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Emphasis):
            out.append(f"<em>{_inlines(node.content)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{_inlines(node.content)}</strong>")
        elif isinstance(node, LineBreak):
            out.append("<br>")
    return "".join(out)


def set_as_ficbind_would(case: Case, markdown: bool) -> str:
    blocks = blocks_from_markdown(case.text) if markdown else paragraphs_from_lines(case.text.split("\n"))
    story = transform_story(Story("case.md" if markdown else "case.txt", StoryMeta(), blocks))
    return "\n".join(_inlines(block.content) for block in story.blocks if isinstance(block, Paragraph))


# Markdown that a text file does not have: code spans, links, hard breaks, HTML, and
# lines wrapped inside a paragraph (in a text file each would be a paragraph).
_MARKDOWN_ONLY = re.compile(r"[`\[<]|\\\n|(?<!\n)\n(?!\n)")


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case.miss, strict=True)] if case.miss else []
        readings = [case.markdown]
        if case.markdown and not _MARKDOWN_ONLY.search(case.text):
            readings.append(False)  # fic in a text file uses the same marks: read it as text too
        for markdown in readings:
            name = f"{case.suite} as {'md' if markdown else 'txt'}: {case.text[:40]}"
            yield pytest.param(case, markdown, id=name, marks=marks)


@pytest.mark.parametrize(("case", "markdown"), list(_params()))
def test_prose_case(case: Case, markdown: bool):
    assert set_as_ficbind_would(case, markdown) == case.expected


def test_every_house_answer_says_why():
    for case in CASES:
        assert (case.house is None) == (case.why is None), case.text
        assert case.house != case.answer, case.text
