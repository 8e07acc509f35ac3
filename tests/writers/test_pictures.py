"""Pictures from an EPUB input (fan art in a fic) carried into the books: the EPUB holds
them as images in its manifest (epubcheck clean), the PDF draws them, the native dump
keeps their bytes, and they count no words. Same inputs, same bytes."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from ficbind.model import Paragraph, Picture, Text
from ficbind.model.native import from_native, to_native
from ficbind.text.wordcount import count_words

from conftest import epubcheck_problems, run_ficbind


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), (240, 230, 200))
    ImageDraw.Draw(image).ellipse((150, 80, 450, 320), fill=(40, 90, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _epub_with_a_picture(path: Path) -> None:
    opf = b"""<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"
    unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>
    <dc:title>The Heron</dc:title><dc:creator>wrenfield</dc:creator><dc:language>en</dc:language></metadata>
    <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>
    <item id="p" href="img/heron.png" media-type="image/png"/></manifest>
    <spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"""
    c1 = (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter 1: Morning</h1>'
          b'<p>The heron stood in the <em>shallows</em>.</p><p><img src="img/heron.png" alt="A blue heron"/></p>'
          b"<p>It did not move.</p></body></html>")
    c2 = (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter 2: Evening</h1>'
          b"<p>It came back at dusk.</p></body></html>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
        archive.writestr("META-INF/container.xml", b'<?xml version="1.0"?><container version="1.0" '
                         b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                         b'full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
                         b"</container>")
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr("OEBPS/c1.xhtml", c1)
        archive.writestr("OEBPS/c2.xhtml", c2)
        archive.writestr("OEBPS/img/heron.png", _png())


def test_a_picture_reaches_the_epub_and_the_pdf(tmp_path):
    (tmp_path / "in").mkdir()
    _epub_with_a_picture(tmp_path / "in" / "heron.epub")
    result = run_ficbind("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--title", "Herons")
    assert result.returncode == 0, result.stderr
    epub = tmp_path / "out" / "herons.epub"
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        pictures = [n for n in names if n.startswith("EPUB/images/pic-")]
        assert len(pictures) == 1 and pictures[0].endswith(".png")
        page = next(archive.read(n) for n in names if b"<figure" in archive.read(n))
        assert b'alt="A blue heron"' in page and pictures[0].removeprefix("EPUB/").encode() in page
    assert epubcheck_problems(epub) == []
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "out" / "herons.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert re.search(r"\bimage\s+600\s+400\s+rgb\b", listing)  # the picture, drawn at its own size


def test_native_dump_keeps_the_bytes_and_words_ignore_pictures():
    picture = Picture(_png(), "image/png", "A blue heron")
    blocks = [Paragraph([Text("It did not move.")]), picture]
    assert from_native(to_native(blocks)) == blocks
    assert count_words(blocks) == 4
