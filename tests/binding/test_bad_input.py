"""Bad and hostile input: every case in tests/data/bad_input/ (and the large or binary ones
made here) either binds into a valid book or is refused in one line that names the
file and what is wrong, with exit code 3. A refused story does not stop the rest of an
anthology unless --strict. Inputs are never modified, nothing is fetched, outputs stay
in the output folder. tests/data/bad_input/README.md lists the corpus.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from typer.testing import CliRunner

from ficbind import BuildOptions, build
from ficbind.cli import app

from conftest import DATA, epubcheck_many, story_files

CORPUS = DATA / "bad_input"
XHTML = "{http://www.w3.org/1999/xhtml}"
runner = CliRunner()


def _zip(entries: dict[str, bytes], stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# Binary files saved under a story's name: made here, not committed. (file name, bytes,
# what the one-line refusal must say)
BINARY = [
    ("random-bytes.txt", random.Random(9).randbytes(4096), "this looks like binary data, not text"),
    ("nul-bytes-only.txt", b"\x00" * 4096, "the file holds nothing but NUL bytes"),
    ("a-pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "this is a PDF"),
    ("a-png.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), "this is a PNG image"),
    ("a-jpeg.md", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(300), "this is a JPEG image"),
    ("a-docx.txt", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
     "this is a Word document (.docx)"),
    # An EPUB is read whatever its name; a broken one is refused, saying what is wrong.
    ("an-epub.txt", _zip({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<container/>"}),
     "the EPUB's container.xml names no package file it holds; download it again"),
    ("a-zip.txt", _zip({"chapter-1.txt": b"It began."}), "this is a ZIP archive"),
    ("a-gzip.txt", gzip.compress(b"It began.", mtime=0), "this is a gzip archive"),
    ("an-old-word.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "this is an old Word (.doc)"),
]
# Corpus files that are refused: (file name, what the refusal must say)
REFUSED_FILES = [
    ("empty.txt", "the file is empty (0 bytes)"),
    ("whitespace-only.txt", "the file holds no story, only blank space"),
    ("header-no-story.txt", "the file has a header (Title, Author, Fandom, Rating, …) but no story after it"),
]
# Corpus files that bind: (file name, text the book must hold, as written in the XHTML)
BUILT_FILES = {
    "utf16-bom.txt": ["Notepad Days", "She saved it in Notepad—“Unicode”, it said—and forgot", "The café"],
    "utf16-no-bom.txt": ["No Mark At All", "It still said naïve"],
    "utf16-no-bom-greek.txt": ["Η βροχή έπεφτε όλη νύχτα"],
    "cp1252.txt": ["It’s the kind of file an archive saved in 2003… “smart” quotes", "She’d kept it—just"],
    "latin1.txt": ["À la carte", "¿Qué pasa, señor? The garçon shrugged. Ça va."],
    "control-characters.txt": ["Bell and Whistle", "The red light came on. She pressed the key twice.",
                               "A new page.", "DEL went, and so did the end mark."],
    "cjk.txt": ["春の雨", "山田花子", "春の雨が静かに降っていた。", "비가 그치고, 아침이 왔다."],
    "rtl-hebrew.txt": ['<h2 class="story-title" dir="rtl">הבית ליד הים</h2>',
                       '<p dir="rtl">היא הלכה הביתה בשקט, והגשם ירד כל הלילה.</p>',
                       "<p>She wrote שלום on the card, then crossed it out.</p>"],
    "rtl-arabic.txt": ['<h2 class="story-title" dir="rtl">البيت القديم</h2>',
                       '<p dir="rtl">ذهبت إلى البيت بهدوء، وكان المطر يهطل طوال الليل.</p>',
                       "<p>He answered مرحبا before she could go on.</p>"],
    "emoji.txt": ["Group Chat 💬", "where are you 😂", "waving 👋🏽", "👨\u200d👩\u200d👧", "🇯🇵"],
    "markup.txt": ["&lt;script&gt;alert(“title”)&lt;/script&gt; &amp; Co", "&lt;img src=”file:///etc/passwd”",
                   "&lt;iframe src=”http://example.com/”&gt;", "&lt;a href=”javascript:alert(1)”&gt;click here",
                   "]]&gt; &lt;/body&gt;&lt;/html&gt; &lt;![CDATA[ still text ]]&gt; &amp;amp; &amp;#0;"],
    "markup.md": ["Bold ]]&gt; Markdown", "She pasted and an into the draft.", "[link](javascript:alert(1))",
                  "Stray and ]]&gt; and stay text or go.</p>"],
    # A web page saved under a text file's name is read as the web page it is.
    "saved-web-page.txt": ["Some Story", "<p>She waited by the door.</p>"],
    "hostile-title.txt": ["../../etc/”passwd” /..\\\\ ‘quoted’", "A story whose title tries to climb out"],
}
# Elements a story may produce in the EPUB: anything else would be markup from the text.
STORY_ELEMENTS = {"html", "head", "meta", "title", "link", "body", "section", "header", "h1", "h2", "h3", "h4", "p",
                  "dl", "dt", "dd", "div", "span", "em", "strong", "br", "hr", "aside", "blockquote", "ol", "ul", "li",
                  "a"}  # `a` only on the contents page, to the book's own files (checked below)
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _epub_options(out: Path, **changes) -> BuildOptions:
    return BuildOptions(output_dir=out, formats=("epub",), cache=False, **changes)


def _xhtml(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xhtml", ".opf", ".ncx"))}


# --- refused, with one line and exit code 3 ---------------------------------------------


def _refusal(tmp_path: Path, name: str, *extra: str):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", name, "-o", str(out), "--no-cache", "-f", "epub", *extra])
    return result, out


@pytest.mark.parametrize("name, data, message", BINARY, ids=[case[0] for case in BINARY])
def test_binary_files_are_refused_saying_what_they_are(tmp_path, monkeypatch, name, data, message):
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(data)
    result, out = _refusal(tmp_path, name)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"ficbind: error: {name}: {message}")
    assert result.stderr.count("\n") == 1  # one line
    assert not list(out.glob("*.epub"))


@pytest.mark.parametrize("name, message", REFUSED_FILES, ids=[case[0] for case in REFUSED_FILES])
def test_files_without_a_story_are_refused(tmp_path, monkeypatch, name, message):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / name, name)
    result, out = _refusal(tmp_path, name)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"ficbind: error: {name}: {message}")
    assert result.stderr.count("\n") == 1
    assert not list(out.glob("*.epub"))


def test_refused_stories_do_not_stop_an_anthology_unless_strict(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "ordinary.txt", "ordinary.txt")
    names = ["ordinary.txt"]
    for name, data, _ in BINARY:
        Path(name).write_bytes(data)
        names.append(name)
    for name, _ in REFUSED_FILES:
        shutil.copy(CORPUS / name, name)
        names.append(name)
    result = runner.invoke(app, ["build", *names, "-o", "out", "--no-cache", "-f", "epub", "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    statuses = {story["path"]: story["status"] for story in report["stories"]}
    assert statuses == {"ordinary.txt": "built", **{name: "refused" for name in names[1:]}}
    expected = {**{name: message for name, _, message in BINARY}, **dict(REFUSED_FILES)}
    for story in report["stories"][1:]:
        assert story["error"].startswith(f"{story['path']}: {expected[story['path']]}")
    assert len(report["warnings"]) == len(names) - 1  # one warning per refused story
    assert [Path(o["path"]).name for o in report["outputs"]] == ["an-ordinary-story.epub"]

    strict = runner.invoke(app, ["build", *names, "-o", "strict", "--no-cache", "-f", "epub", "--strict"])
    assert strict.exit_code == 3
    assert strict.stderr.strip().count("\n") == 0
    assert not Path("strict").exists() or not list(Path("strict").iterdir())


# --- limits ---------------------------------------------------------------------------


def test_a_50_mb_story_is_refused_naming_the_limit_and_max_size(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open("huge.txt", "wb") as stream:
        stream.write(b"Title: Huge\n\nIt goes on.\n")
        stream.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    result, out = _refusal(tmp_path, "huge.txt")
    assert result.exit_code == 3
    assert result.stderr == (
        "ficbind: error: huge.txt: the file is 50 MB, over the 32 MB limit for one story; if it is one story, "
        "raise the limit with --max-size 51MB (or [input] max_size in the manifest)\n"
    )


def test_max_size_on_the_command_line_and_in_the_manifest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text("Title: Three Kilobytes\n\n" + "Words and more words. " * 140, encoding="utf-8")
    small, _ = _refusal(tmp_path, "story.txt", "--max-size", "2KB")
    assert small.exit_code == 3
    assert "the file is 3.1 KB, over the 2 KB limit for one story" in small.stderr
    large, out = _refusal(tmp_path, "story.txt", "--max-size", "4KB")
    assert large.exit_code == 0, large.stderr
    assert (out / "three-kilobytes.epub").is_file()
    huge, _ = _refusal(tmp_path, "story.txt", "--max-size", "9000000TB")  # read in pieces, not allocated at once
    assert huge.exit_code == 0, huge.stderr
    wrong, _ = _refusal(tmp_path, "story.txt", "--max-size", "lots")
    assert wrong.exit_code == 2
    assert wrong.stderr == "ficbind: error: --max-size: 'lots' is not a size such as 64MB, 500KB or 1GB\n"

    Path("book.toml").write_text('[input]\nmax_size = "2KB"\n\n[[story]]\npath = "story.txt"\n', encoding="utf-8")
    refused, _ = _refusal(tmp_path, "book.toml")
    assert refused.exit_code == 3 and "over the 2 KB limit" in refused.stderr
    allowed, _ = _refusal(tmp_path, "book.toml", "--max-size", "1MB")  # the command line wins
    assert allowed.exit_code == 0, allowed.stderr
    Path("book.toml").write_text('[input]\nmax_size = "big"\n\n[[story]]\npath = "story.txt"\n', encoding="utf-8")
    bad, _ = _refusal(tmp_path, "book.toml")
    assert bad.exit_code == 2
    assert bad.stderr == "ficbind: error: book.toml:2: max_size in [input]: 'big' is not a size such as 64MB, 500KB or 1GB\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.txt")
    result, _ = _refusal(tmp_path, "pipe.txt")
    assert result.exit_code == 3
    assert result.stderr == ("ficbind: error: pipe.txt: is not a regular file (a pipe or a device); "
                             "save the story as a file\n")


# --- built, and valid -----------------------------------------------------------------


def _multi_megabyte_paragraph() -> str:
    rng = random.Random(4)
    words = "the rain kept on falling over harbour and hill while she counted ships".split()
    sentences = []
    size = 0
    while size < 2_500_000:
        sentence = " ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    return "Title: One Long Breath\n\n" + " ".join(sentences) + "\n"


# Control characters where no reader strips them: TOML escapes in a manifest's strings.
HOSTILE_MANIFEST = r'''
[book]
title = "Bell\u0007 Book\u0000 and \u001b[31mCandle\u001b[0m"
author = "\u0000Compiler\u0008"
description = "\u0007"

[[story]]
path = "ordinary.txt"
title = "\u0007\u0000"
authors = ["\u0000", "Real \u001b[1mName"]
fandoms = ["Fan\u0007dom", "\u0000"]
summary = "Sum\u0000mary\u000b line"
'''


@pytest.fixture(scope="module")
def built_books(tmp_path_factory) -> dict[str, Path]:
    """Each corpus case that should bind, built alone into its own EPUB (as a user would),
    and a manifest full of control characters."""
    root = tmp_path_factory.mktemp("built")
    folder = root / "hostile-manifest"
    folder.mkdir()
    shutil.copy(CORPUS / "ordinary.txt", folder / "ordinary.txt")
    (folder / "book.toml").write_text(HOSTILE_MANIFEST, encoding="utf-8")
    report = build([str(folder / "book.toml")], _epub_options(folder / "out"))
    books = {"hostile-manifest": Path(report.outputs[0].path)}
    for name in [*BUILT_FILES, "one-long-paragraph.txt"]:
        folder = root / name.replace(".", "-")
        folder.mkdir()
        source = folder / name
        if name == "one-long-paragraph.txt":
            source.write_text(_multi_megabyte_paragraph(), encoding="utf-8")
        else:
            shutil.copy(CORPUS / name, source)
        report = build([str(source)], _epub_options(folder / "out"))
        assert [story.status for story in report.stories] == ["built"], report.stories
        (output,) = report.outputs
        books[name] = Path(output.path)
    return books


@pytest.mark.parametrize("name", sorted(BUILT_FILES))
def test_odd_input_binds_with_its_text(built_books, name):
    files = _xhtml(built_books[name])
    story = "".join(files[n] for n in story_files(files, 1))
    for expected in BUILT_FILES[name]:
        assert expected in story, expected
    for file_name, text in files.items():
        assert not NOT_TEXT.search(text), f"a control character in {file_name}"
        etree.fromstring(text.encode("utf-8"))  # well-formed XML


@pytest.mark.parametrize("name", ["markup.txt", "markup.md"])
def test_markup_in_a_story_stays_text_and_nothing_is_linked(built_books, name):
    files = _xhtml(built_books[name])
    for file_name, text in files.items():
        if not file_name.startswith("EPUB/text/"):
            continue
        tree = etree.fromstring(text.encode("utf-8"))
        tags = {element.tag.removeprefix(XHTML) for element in tree.iter() if isinstance(element.tag, str)}
        allowed = STORY_ELEMENTS | ({"img"} if file_name == "EPUB/text/cover.xhtml" else set())  # the drawn cover
        assert tags <= allowed, f"{file_name}: {tags - allowed}"
        for element in tree.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    assert "://" not in value and not value.startswith(("javascript:", "data:")), value
    # The package lists no remote resource and every item is inside the zip.
    opf = etree.fromstring(files["EPUB/content.opf"].encode("utf-8"))
    with zipfile.ZipFile(built_books[name]) as archive:
        names = set(archive.namelist())
    for item in opf.iter("{http://www.idpf.org/2007/opf}item"):
        assert "remote-resources" not in (item.get("properties") or "")
        assert f"EPUB/{item.get('href')}" in names


def test_script_and_style_blocks_in_markdown_leave_no_code_behind(built_books):
    files = _xhtml(built_books["markup.md"])
    story = "".join(files[n] for n in story_files(files, 1))
    assert "alert" not in story.replace("javascript:alert(1)", "") and "background" not in story


def test_a_hostile_title_names_a_file_inside_the_output_folder(built_books):
    epub = built_books["hostile-title.txt"]
    assert epub.name == "etc-passwd-quoted.epub"
    folder = epub.parent.parent
    made = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert made == ["hostile-title.txt", "out", "out/etc-passwd-quoted.epub"]


def test_control_characters_in_a_manifest_never_reach_the_book(built_books):
    epub = built_books["hostile-manifest"]
    assert epub.name == "bell-book-and-candle.epub"
    files = _xhtml(epub)
    for file_name, text in files.items():
        assert not NOT_TEXT.search(text), f"a control character in {file_name}"
    opf = files["EPUB/content.opf"]
    assert "<dc:title>Bell Book and Candle</dc:title>" in opf
    # The story's author first, then the compiler (as editor)
    assert re.findall(r">([^<]*)</dc:creator>", opf) == ["Real Name", "Compiler"]
    assert "<dc:subject>Fandom</dc:subject>" in opf and "<dc:description>" not in opf
    assert opf.count("<dc:subject") == 1  # empty items are no items
    assert re.search(r"<navLabel>\s*<text>Untitled</text>", files["EPUB/toc.ncx"])  # the title was all controls


def test_control_characters_in_a_manifest_never_reach_the_pdf(tmp_path):
    shutil.copy(CORPUS / "ordinary.txt", tmp_path / "ordinary.txt")
    (tmp_path / "book.toml").write_text(HOSTILE_MANIFEST, encoding="utf-8")
    report = build([str(tmp_path / "book.toml")],
                   BuildOptions(output_dir=tmp_path / "out", formats=("pdf",), cache=False))
    with pikepdf.open(report.outputs[0].path) as pdf:
        info = {str(key): str(value) for key, value in pdf.docinfo.items()}
        with pdf.open_outline() as outline:
            marks = [item.title for item in outline.root]
    assert info["/Title"] == "Bell Book and Candle"
    assert info["/Author"] == "Real Name"
    assert info["/Keywords"] == "Fandom" and info["/Subject"] == "Fan fiction: Fandom"
    assert marks == ["Credits", "Untitled"]  # one story without chapters: no contents page


def test_a_manifest_language_is_a_tag_or_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "ordinary.txt", "ordinary.txt")
    Path("book.toml").write_text('[book]\nlanguage = "Deutsch"\n[[story]]\npath = "ordinary.txt"\n', encoding="utf-8")
    report = build(["book.toml"], _epub_options(Path("out")))
    assert "<dc:language>de</dc:language>" in _xhtml(Path(report.outputs[0].path))["EPUB/content.opf"]
    Path("book.toml").write_text('[book]\nlanguage = "<b>"\n[[story]]\npath = "ordinary.txt"\n', encoding="utf-8")
    result, _ = _refusal(tmp_path, "book.toml")
    assert result.exit_code == 2
    assert result.stderr == ("ficbind: error: book.toml:2: language in [book] is '<b>'; write a language tag "
                             "such as \"en\" or \"pt-BR\", or a name such as \"English\"\n")


def test_control_characters_in_a_file_name_are_shown_not_obeyed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "title\x1b]0;owned\x07.txt"
    Path(name).write_bytes(b"")
    result, _ = _refusal(tmp_path, name)
    assert result.exit_code == 3
    assert result.stderr == ("ficbind: error: title\\x1b]0;owned\\x07.txt: the file is empty (0 bytes); "
                             "save the story into it, or leave it out\n")


def test_a_multi_megabyte_paragraph_stays_one_paragraph(built_books):
    files = _xhtml(built_books["one-long-paragraph.txt"])
    story = "".join(files[n] for n in story_files(files, 1))
    paragraphs = re.findall(r"<p>[^<]*</p>", story)
    assert len(paragraphs) == 1 and len(paragraphs[0]) > 2_500_000


def test_every_built_book_passes_epubcheck(built_books, tmp_path):
    # A broken book in the same batch shows the batch checker does report problems.
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(built_books["latin1.txt"]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "EPUB/text/story-01.xhtml":
                data = data.replace(b"</section>", b"<section>")
            target.writestr(info, data)
    problems = epubcheck_many([*built_books.values(), broken], tmp_path)
    assert problems.pop(broken), "epubcheck found nothing wrong with a broken book"
    assert problems == {path: [] for path in built_books.values()}


# --- the printed book -----------------------------------------------------------------


def test_the_pdf_sets_rtl_and_emoji_in_shipped_fonts_and_names_what_it_cannot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = ["rtl-hebrew.txt", "rtl-arabic.txt", "emoji.txt", "cjk.txt", "markup.txt", "control-characters.txt"]
    for name in names:
        shutil.copy(CORPUS / name, name)
        os.chmod(name, 0o444)  # reading is all a build needs
    before = {name: (Path(name).read_bytes(), os.stat(name).st_mtime_ns) for name in names}
    report = build(names, BuildOptions(output_dir=Path("out"), formats=("epub", "pdf"), cache=False, title="World"))
    after = {name: (Path(name).read_bytes(), os.stat(name).st_mtime_ns) for name in names}
    assert after == before  # inputs are never modified (nor even touched)

    # The one subject of warning: CJK, which no shipped font has, named with the story it is in. A
    # computer whose fonts have some of it gets two: what it set in them, and what none has
    # (Droid Sans Fallback, which Debian's Ghostscript and Calibre bring, has kana but no Hangul).
    assert 1 <= len(report.warnings) <= 2
    assert all(w.startswith("PDF: no font") and "in cjk.txt" in w for w in report.warnings)
    warning = "\n".join(report.warnings)
    assert "。 (U+3002 IDEOGRAPHIC FULL STOP)" in warning and "の (U+306E HIRAGANA LETTER NO)" in warning
    if "empty boxes" in warning:  # no CJK font on this computer
        assert "Noto Sans CJK" in warning
    for name in ("rtl-hebrew.txt", "rtl-arabic.txt", "emoji.txt", "markup.txt"):
        assert name not in warning
    with pikepdf.open("out/world.pdf") as pdf:
        fonts = {str(font.get("/BaseFont")).split("+")[-1] for page in pdf.pages
                 for font in page.resources.get("/Font", {}).values()}
    assert {"NotoSerifHebrew-Regular", "NotoNaskhArabic-Regular", "NotoEmoji-Regular"} <= fonts
    text = subprocess.run(["pdftotext", "out/world.pdf", "-"], capture_output=True, text=True).stdout
    assert "<script>document.location" in text  # markup is printed as the text it is
    assert "root:" not in text  # and /etc/passwd was never read into it


def test_the_print_renderer_fetches_nothing_but_ficbind_data(tmp_path):
    from ficbind.writers.pdf.parts import PartJob, render_part

    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    html = (
        f'<html><head><link rel="stylesheet" href="{secret.as_uri()}">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><section id="a"><p>Hi <img src="file:///etc/passwd"> '
        '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0IiBoZWlnaHQ9IjQiLz4=">'
        f'<img src="data:image/png;base64,{"A" * 40000}"><object data="ftp://example.com/x"></object></p>'
        "</section></body></html>"
    )
    part = render_part(PartJob("test", html, tmp_path.as_uri() + "/", (str(tmp_path / "allowed"),), ("a",), 0))
    refused = list(part.refused)
    assert refused[:3] == [secret.as_uri(), "http://127.0.0.1:9/x.css", "file:///etc/passwd"]
    assert refused[3].startswith("data:image/png;base64,AAAA") and refused[3].endswith("…")
    assert refused[4:] == ["ftp://example.com/x"]
    assert len(refused) == 5  # the small data: SVG is served, from the URL itself


def test_a_refused_url_reaches_the_build_report(tmp_path, monkeypatch):
    from ficbind.runtime import resources

    stylesheet = resources.stylesheet
    monkeypatch.setattr(resources, "stylesheet", lambda name: stylesheet(name) + (
        '\nbody { background: url("file:///etc/passwd") }\n' if name == "print.css" else ""))
    shutil.copy(CORPUS / "ordinary.txt", tmp_path / "ordinary.txt")
    report = build([str(tmp_path / "ordinary.txt")],
                   BuildOptions(output_dir=tmp_path / "out", formats=("pdf",), cache=False))
    assert "PDF: refused to fetch file:///etc/passwd: ficbind reads only its own stylesheets and fonts" \
        in report.warnings


# --- manifests and duplicates ---------------------------------------------------------


def test_a_manifest_naming_missing_files_or_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "ordinary.txt", "ordinary.txt")
    Path("book.toml").write_text(
        '[book]\ntitle = "Holes"\n\n[[story]]\npath = "book.toml"\n\n[[story]]\npath = "ordinary.txt"\n\n'
        '[[story]]\npath = "gone.txt"\n\n[[story]]\npath = "drafts/*.txt"\n', encoding="utf-8")
    result = runner.invoke(app, ["build", "book.toml", "-o", "out", "--no-cache", "-f", "epub", "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(s["path"], s["status"]) for s in report["stories"]] == [
        ("ordinary.txt", "built"), ("book.toml", "refused"), ("gone.txt", "refused"), ("drafts/*.txt", "refused")]
    assert report["warnings"] == [
        "skipped: book.toml:5: [[story]] #1: book.toml is this manifest, not a story; name the story files",
        "skipped: book.toml:11: [[story]] #3: gone.txt does not exist; check the path",
        "skipped: book.toml:14: [[story]] #4: drafts/*.txt matches no story file; check the path",
    ]
    strict = runner.invoke(app, ["build", "book.toml", "-o", "out", "--no-cache", "-f", "epub", "--strict"])
    assert strict.exit_code == 3
    assert strict.stderr == ("ficbind: error: book.toml:5: [[story]] #1: book.toml is this manifest, not a story; "
                             "name the story files\n")


def test_duplicate_stories_are_bound_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "ordinary.txt", "ordinary.txt")
    shutil.copy(CORPUS / "ordinary.txt", "ordinary (1).txt")  # a browser's second download
    shutil.copy(CORPUS / "latin1.txt", "latin1.txt")
    # The same file twice (here by two paths to it) is one story, without a word.
    report = build(["ordinary.txt", "./ordinary.txt", "latin1.txt"], _epub_options(Path("a")))
    assert [(s.path, s.status) for s in report.stories] == [("ordinary.txt", "built"), ("latin1.txt", "built")]
    assert report.warnings == []
    # The same text under another name is bound once too, where it first appears, with a warning.
    report = build(["ordinary.txt", "latin1.txt", "ordinary (1).txt"], _epub_options(Path("b")))
    assert [(s.path, s.status) for s in report.stories] == [
        ("ordinary.txt", "built"), ("latin1.txt", "built"), ("ordinary (1).txt", "refused")]
    assert report.stories[2].error == "ordinary (1).txt: the same text as ordinary.txt, which is bound already"
    assert report.warnings == ["skipped: ordinary (1).txt: the same text as ordinary.txt, which is bound already"]
    with zipfile.ZipFile(report.outputs[0].path) as archive:
        assert "EPUB/text/story-03.xhtml" not in archive.namelist()


def test_in_a_folder_the_copy_is_the_duplicate_skipped_not_the_original(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("stories").mkdir()
    # A plain name sort puts `ordinary (1).txt` first (a space sorts before the dot).
    for name in ("ordinary (1).txt", "ordinary - Copy.txt", "ordinary.txt"):
        shutil.copy(CORPUS / "ordinary.txt", Path("stories", name))
    shutil.copy(CORPUS / "latin1.txt", "stories/latin1.txt")
    report = build(["stories"], _epub_options(Path("out")))
    assert [(s.path, s.status) for s in report.stories] == [
        ("stories/latin1.txt", "built"), ("stories/ordinary.txt", "built"),
        ("stories/ordinary (1).txt", "refused"), ("stories/ordinary - Copy.txt", "refused")]
    assert report.stories[2].error == ("stories/ordinary (1).txt: the same text as stories/ordinary.txt, "
                                       "which is bound already")


# --- interrupted ----------------------------------------------------------------------

# Ctrl-C as WeasyPrint's URL fetcher reads the first shipped font: mid-render.
CHILD = textwrap.dedent('''
    import os, signal, sys

    def hook(event, args):
        if event == "open" and str(args[0]).endswith(".ttf"):
            frame = sys._getframe(1)
            while frame is not None and not frame.f_code.co_filename.endswith(os.path.join("pdf", "parts.py")):
                frame = frame.f_back
            if frame is not None:
                os.kill(os.getpid(), signal.SIGINT)

    sys.addaudithook(hook)
    from ficbind.cli import main
    main(sys.argv[1:])
''')


def test_ctrl_c_while_rendering_leaves_no_temporary_file_anywhere(tmp_path):
    shutil.copy(CORPUS / "emoji.txt", tmp_path / "emoji.txt")
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "build", "emoji.txt", "-o", "out", "--no-cache"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, "TMPDIR": str(temp)},
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr == "ficbind: error: interrupted; no output was left half-written\n"
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["group-chat.epub"]  # written before the PDF
