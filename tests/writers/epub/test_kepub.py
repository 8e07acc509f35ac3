"""The KEPUB for Kobo: every sentence in a numbered koboSpan, the body in Kobo's wrappers."""

from __future__ import annotations

import zipfile

from lxml import etree

from ficbind.writers.epub.kepub import koboize

from conftest import SAMPLES, epubcheck_problems, run_ficbind

X = "{http://www.w3.org/1999/xhtml}"


def _body(fragment: str) -> etree._Element:
    return etree.fromstring(f'<body xmlns="http://www.w3.org/1999/xhtml">{fragment}</body>')


def test_sentences_are_numbered_by_paragraph_and_the_text_is_unchanged():
    fragment = (
        '<section id="s"><h2 class="story-title">The Tide</h2>'
        "<p>She waited. “Are you coming?” he asked… She didn’t <em>answer. Not yet</em> anyway.</p>"
        '<hr class="scene-break"/><div class="verse"><span class="line">Row, row</span>'
        '<span class="line">gently down</span></div><p>End</p></section>'
    )
    out = _body(koboize(fragment))
    spans = out.findall(f".//{X}span[@class='koboSpan']")
    assert [s.get("id") for s in spans] == [
        # the title; the paragraph's sentences (the emphasis splits one, and its tail is one);
        # each verse line; the last paragraph
        "kobo.1.1", "kobo.2.1", "kobo.2.2", "kobo.2.3", "kobo.2.4", "kobo.2.5", "kobo.2.6", "kobo.2.7",
        "kobo.3.1", "kobo.4.1", "kobo.5.1",
    ]
    assert [s.text for s in spans][1:4] == ["She waited. ", "“Are you coming?” ", "he asked… "]
    # the words, spaces and emphasis are all still there, in order
    assert "".join(out.itertext()) == "".join(_body(fragment).itertext())
    assert out.find(f".//{X}em") is not None
    columns = out.find(f"{X}div")
    assert columns.get("id") == "book-columns" and columns[0].get("id") == "book-inner"


def test_the_kepub_is_a_valid_epub_named_for_kobo(tmp_path):
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(tmp_path), "-f", "epub,kepub")
    assert result.returncode == 0, result.stderr
    kepub = tmp_path / "echoes-and-goodbyes.kepub.epub"
    assert epubcheck_problems(kepub) == []
    with zipfile.ZipFile(kepub) as k, zipfile.ZipFile(tmp_path / "echoes-and-goodbyes.epub") as e:
        for name in ("EPUB/text/story-01-text.xhtml", "EPUB/text/story-04.xhtml"):
            kobo, plain = etree.fromstring(k.read(name)), etree.fromstring(e.read(name))
            assert "".join(kobo.find(f"{X}body").itertext()).split() == "".join(plain.find(f"{X}body").itertext()).split()
            paragraphs = kobo.findall(f".//{X}p")
            assert paragraphs and all(p.find(f"{X}span[@class='koboSpan']") is not None for p in paragraphs if "".join(p.itertext()).strip())
