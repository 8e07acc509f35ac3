"""Plain-text emphasis marks become <em>/<strong>; look-alikes stay as typed; nothing becomes markup."""

from __future__ import annotations

import pytest
from lxml import etree

from ficbind.transforms.emphasis import split_emphasis
from ficbind.writers.xhtml import render_inlines

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

P = pytest.param

CASES = [
    P("It was *cold*.", "It was <em>cold</em>.", id="asterisks"),
    P("It was _cold_.", "It was <em>cold</em>.", id="underscores"),
    P("It was /cold/.", "It was <em>cold</em>.", id="slashes"),
    P("It was ~cold~.", "It was <em>cold</em>.", id="tildes"),
    P("*Not again,* he thought.", "<em>Not again,</em> he thought.", id="several-words"),
    P("She meant /every single word/ of it.", "She meant <em>every single word</em> of it.", id="slash-span"),
    P("“*Stop*,” she said.", "“<em>Stop</em>,” she said.", id="inside-quotes"),
    P("the *Marguerite*’s deck", "the <em>Marguerite</em>’s deck", id="before-apostrophe"),
    P("**Never** again.", "<strong>Never</strong> again.", id="double-asterisks-strong"),
    P("*she said _no_ twice*", "<em>she said <em>no</em> twice</em>", id="nested"),
    P("*one* and *two*", "<em>one</em> and <em>two</em>", id="two-spans"),
    P("and/or", "and/or", id="and-or"),
    P("open 24/7", "open 24/7", id="24-7"),
    P("add 1/2 a cup", "add 1/2 a cup", id="fraction"),
    P("w/ the others", "w/ the others", id="with-abbreviation"),
    P("see http://example.com/~wren/notes_2/ today", "see http://example.com/~wren/notes_2/ today", id="url"),
    P("www.example.org/a/b/ is gone", "www.example.org/a/b/ is gone", id="www-address"),
    P("open file_name.txt first", "open file_name.txt first", id="file-name"),
    P("pretty_stickers’ drabbles", "pretty_stickers’ drabbles", id="username"),
    P("a lone * here", "a lone * here", id="lone-asterisk"),
    P("2 * 3 * 4", "2 * 3 * 4", id="arithmetic"),
    P("what the f**k", "what the f**k", id="censored"),
    P("**", "**", id="double-asterisk-alone"),
    P("~5 minutes or so", "~5 minutes or so", id="approximately"),
    P("* not emphasis *", "* not emphasis *", id="spaced-marks"),
    P("*a <b> & c*", "<em>a &lt;b&gt; &amp; c</em>", id="html-inside-stays-text"),
    P('<em>not markup</em> & "text"', "&lt;em&gt;not markup&lt;/em&gt; &amp; &quot;text&quot;", id="html-is-text"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_emphasis(text, expected):
    html = render_inlines(split_emphasis(text))
    assert html == expected
    etree.fromstring(f"<p>{html}</p>")  # and it is well-formed
