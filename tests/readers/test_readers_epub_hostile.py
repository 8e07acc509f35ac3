"""Hostile and broken EPUBs, made in the test: each is refused with one line naming the
file and what to do, or read with the hostile part dropped. Nothing is written outside
the output folder and nothing is fetched."""

from __future__ import annotations

import io
import socket
import zipfile
from pathlib import Path

import pytest

from ficbind.errors import InputError
from ficbind.model import Picture, blocks_text
from ficbind.readers import read_story
from ficbind.readers.epub import Limits, read

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

CONTAINER = b"""<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""


def opf(extra_manifest: str = "", doctype: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>{doctype}
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>
<dc:title>The Quiet Harbour</dc:title><dc:creator>wrenfield</dc:creator><dc:language>en</dc:language></metadata>
<manifest><item id="c1" href="chapter1.xhtml" media-type="application/xhtml+xml"/>{extra_manifest}</manifest>
<spine><itemref idref="c1"/></spine></package>""".encode()


def chapter(body: str, doctype: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>{doctype}
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title></head>
<body><h1>Chapter One</h1>{body}</body></html>""".encode()


PROSE = "<p>The boats came in at <em>dusk</em>, one by one.</p>"


def epub(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            archive.writestr(info, data)
    return out.getvalue()


def book(overrides: dict[str, bytes] | None = None) -> dict[str, bytes]:
    members = {"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": opf(),
               "OEBPS/chapter1.xhtml": chapter(PROSE)}
    members.update(overrides or {})
    return members


def refused(data: bytes, name: str = "story.epub", limits: Limits | None = None) -> str:
    with pytest.raises(InputError) as caught:
        read(data, name, limits or Limits())
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    return message


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("ficbind tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_a_plain_epub_reads():
    story = read(epub(book()), "story.epub")
    assert story.meta.title == "The Quiet Harbour" and story.meta.authors == ["wrenfield"]
    assert "one by one" in blocks_text(story.blocks)


def test_zip_bomb_by_total_size():
    # A hundred members of 3 MB of zeros: a few kilobytes packed, 300 MB unpacked.
    zeros = bytes(3_000_000)
    members = book({f"OEBPS/pad{k}.xhtml": zeros for k in range(100)})
    message = refused(epub(members))
    assert "zip bomb" in message


def test_zip_bomb_by_ratio():
    message = refused(epub(book({"OEBPS/big.bin": bytes(5_000_000)})))
    assert "inflate" in message and "OEBPS/big.bin" in message


def test_zip_bomb_by_member_size():
    limits = Limits(max_member_bytes=1_000_000, max_ratio=10**9)
    message = refused(epub(book({"OEBPS/big.bin": bytes(2_000_000)})), limits=limits)
    assert "OEBPS/big.bin" in message and "over the" in message


def test_too_many_members():
    message = refused(epub(book({f"OEBPS/f{k}.txt": b"" for k in range(30)})), limits=Limits(max_members=20))
    assert "files" in message


@pytest.mark.parametrize("name", ["../evil.xhtml", "OEBPS/../../evil.xhtml", "/etc/evil.xhtml", "C:/evil.xhtml",
                                  "OEBPS\\..\\evil.xhtml"])
def test_names_pointing_outside_the_book(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    members = book()
    members[name] = b"<html/>"
    message = refused(epub(members))
    assert repr(name) in message or name in message
    assert list(tmp_path.iterdir()) == [] and not Path("/etc/evil.xhtml").exists()


def test_truncated_zip():
    data = epub(book())
    message = refused(data[: len(data) // 2])
    assert "damaged or cut short" in message


def test_a_corrupt_member():
    data = bytearray(epub(book({"OEBPS/chapter1.xhtml": chapter(PROSE * 200)})))
    start = data.find(b"OEBPS/chapter1.xhtml") + len("OEBPS/chapter1.xhtml") + 40
    data[start:start + 40] = bytes(40)
    message = refused(bytes(data))
    assert "OEBPS/chapter1.xhtml" in message or "damaged" in message


def test_drm_encryption_xml():
    encryption = b"""<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
      xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
      <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
      <enc:CipherData><enc:CipherReference URI="OEBPS/chapter1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"""
    message = refused(epub(book({"META-INF/encryption.xml": encryption})))
    assert "DRM" in message and "DRM-free" in message


def test_drm_rights_xml():
    assert "Adobe DRM" in refused(epub(book({"META-INF/rights.xml": b"<rights/>"})))


def test_font_obfuscation_is_not_drm():
    encryption = b"""<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
      xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
      <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
      <enc:CipherData><enc:CipherReference URI="OEBPS/font.otf"/></enc:CipherData></enc:EncryptedData></encryption>"""
    story = read(epub(book({"META-INF/encryption.xml": encryption})), "story.epub")
    assert "one by one" in blocks_text(story.blocks)


LAUGHS = """<!DOCTYPE lolz [<!ENTITY lol "lol">""" + "".join(
    f"""<!ENTITY lol{k} "{('&lol' + (str(k - 1) if k > 1 else '') + ';') * 10}">""" for k in range(1, 10)) + "]>"


def test_billion_laughs_in_the_opf():
    """libxml2 refuses the declarations themselves (their amplification); nothing expands."""
    members = book({"OEBPS/content.opf": opf(doctype=LAUGHS).replace(b"<dc:title>The Quiet Harbour",
                                                                   b"<dc:title>The Quiet Harbour&lol9;")})
    assert "OEBPS/content.opf inside the EPUB is not readable XML" in refused(epub(members))


def test_an_entity_in_the_opf_is_not_expanded():
    doctype = '<!DOCTYPE package [<!ENTITY name "Somebody Else">]>'
    members = book({"OEBPS/content.opf": opf(doctype=doctype).replace(b"<dc:title>The Quiet Harbour",
                                                                    b"<dc:title>The Quiet Harbour&name;")})
    assert read(epub(members), "story.epub").meta.title == "The Quiet Harbour"


def test_billion_laughs_in_a_chapter():
    members = book({"OEBPS/chapter1.xhtml": chapter(PROSE + "<p>&lol9;</p>", doctype=LAUGHS)})
    story = read(epub(members), "story.epub")
    assert "lol" not in blocks_text(story.blocks)
    assert "one by one" in blocks_text(story.blocks)


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    doctype = f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    members = book({"OEBPS/chapter1.xhtml": chapter(PROSE + "<p>&xxe;</p>", doctype=doctype)})
    story = read(epub(members), "story.epub")
    assert "secret" not in blocks_text(story.blocks)


def test_remote_picture_is_never_fetched():
    members = book({"OEBPS/chapter1.xhtml": chapter(PROSE + '<p><img src="http://example.com/art.png" alt="a heron"/></p>')})
    story = read(epub(members), "story.epub")
    assert not any(isinstance(b, Picture) for b in story.blocks)
    assert "a heron" in blocks_text(story.blocks)


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def test_picture_inside_the_book_is_kept_and_reencoded():
    from PIL import Image

    source = io.BytesIO()
    image = Image.new("RGB", (40, 30), (10, 200, 90))
    exif = Image.Exif()
    exif[0x010E] = "taken at 51.5N 0.1W"  # ImageDescription: metadata that must not survive
    image.save(source, "JPEG", exif=exif.tobytes())
    members = book({"OEBPS/chapter1.xhtml": chapter(PROSE + '<p><img src="art/heron.jpg" alt="a heron"/></p>'),
                   "OEBPS/art/heron.jpg": source.getvalue(),
                   "OEBPS/content.opf": opf('<item id="a" href="art/heron.jpg" media-type="image/jpeg"/>')})
    story = read(epub(members), "story.epub")
    pictures = [b for b in story.blocks if isinstance(b, Picture)]
    assert len(pictures) == 1 and pictures[0].alt == "a heron" and pictures[0].media_type == "image/jpeg"
    assert b"51.5N" not in pictures[0].data and b"Exif" not in pictures[0].data
    assert Image.open(io.BytesIO(pictures[0].data)).size == (40, 30)
    again = read(epub(members), "story.epub")
    assert [b for b in again.blocks if isinstance(b, Picture)] == pictures  # same bytes every time


def test_huge_picture_is_left_out_for_its_alt_text():
    # A PNG claiming a 30000 x 30000 canvas: a few hundred kilobytes that would decode to 2.7 GB.
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (30000, 30000)).save(out, "PNG")
    members = book({"OEBPS/chapter1.xhtml": chapter(PROSE + '<p><img src="big.png" alt="a map"/></p>'),
                   "OEBPS/big.png": out.getvalue()})
    story = read(epub(members), "story.epub")
    assert not any(isinstance(b, Picture) for b in story.blocks)
    assert "a map" in blocks_text(story.blocks)


def test_scripts_and_iframes_are_dropped():
    body = PROSE + '<script>alert(1)</script><iframe src="http://example.com/"></iframe><p onclick="x()">Still.</p>'
    story = read(epub(book({"OEBPS/chapter1.xhtml": chapter(body)})), "story.epub")
    text = blocks_text(story.blocks)
    assert "alert" not in text and "Still." in text


def test_an_epub_named_txt_is_read_by_its_content(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_bytes(epub(book()))
    assert read_story(path).meta.title == "The Quiet Harbour"


def test_a_text_file_named_epub_is_refused_in_one_line(tmp_path):
    path = tmp_path / "harbour.epub"
    path.write_text("The boats came in at dusk.")
    with pytest.raises(InputError) as caught:
        read_story(path, "harbour.epub")
    assert str(caught.value).startswith("harbour.epub: ") and "\n" not in str(caught.value)
