"""Languages as headers name them become BCP 47 tags, and a story keeps its own language."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from ficbind.text.languages import language_tag

from conftest import epubcheck_problems, run_ficbind

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize(
    "written, tag",
    [("English", "en"), ("español", "es"), ("Português brasileiro", "pt-BR"), ("pt-BR", "pt-BR"), ("de", "de"),
     ("日本語", "ja"), ("Klingon", None), ("", None), (None, None)],
)
def test_language_tags(written, tag):
    assert language_tag(written) == tag


def test_a_story_in_another_language_is_marked_as_such_in_the_epub(tmp_path):
    spanish = tmp_path / "la-marea.txt"
    spanish.write_text("Title: La marea\nLanguage: Español\n\nLa marea subía despacio sobre el muelle.\n",
                       encoding="utf-8")
    english = tmp_path / "the-tide.txt"
    english.write_text("Title: The Tide\nLanguage: English\n\nThe tide came in slowly over the quay.\n",
                       encoding="utf-8")
    result = run_ficbind("build", str(english), str(spanish), "-o", str(tmp_path / "out"), "-f", "epub",
                         "--title", "Two Tongues")
    assert result.returncode == 0, result.stderr
    epub = tmp_path / "out" / "two-tongues.epub"
    with zipfile.ZipFile(epub) as archive:
        languages = {name: etree.fromstring(archive.read(name)).get(XML_LANG)
                     for name in ("EPUB/text/story-01.xhtml", "EPUB/text/story-02.xhtml", "EPUB/text/contents.xhtml")}
    assert languages == {"EPUB/text/story-01.xhtml": "en", "EPUB/text/story-02.xhtml": "es",
                         "EPUB/text/contents.xhtml": "en"}
    assert epubcheck_problems(epub) == []
