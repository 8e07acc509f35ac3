"""The EPUB's cover: drawn from the title by default, the reader's own picture, or none."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from PIL import ExifTags, Image

from ficbind.model import BookMeta
from ficbind.writers.epub.cover import HEIGHT, WIDTH, drawn_cover

from conftest import SEEDS, epubcheck_problems, run_ficbind

STORY = next(SEEDS.glob("003_*.txt"))
OPF = {"opf": "http://www.idpf.org/2007/opf"}


def _opf(epub) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def test_the_drawn_cover_is_a_kindle_sized_rgb_jpeg_and_always_the_same():
    meta = BookMeta(title="Echoes and Goodbyes", compiler="A Reader")
    first = drawn_cover(meta, "compiled by A Reader")
    assert first == drawn_cover(meta, "compiled by A Reader")
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (WIDTH, HEIGHT))
    assert drawn_cover(BookMeta(title="Another Title"), None) != first


def test_a_title_the_book_face_cannot_set_gets_no_drawn_cover():
    # a title in boxes would be worse than the reader's own placeholder
    assert drawn_cover(BookMeta(title="雪の夜"), None) is None


def test_a_built_epub_declares_its_cover_for_every_reader(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "epub")
    assert result.returncode == 0, result.stderr
    (epub,) = tmp_path.glob("*.epub")
    opf = _opf(epub)
    (image,) = opf.xpath("//opf:item[@properties='cover-image']", namespaces=OPF)
    assert image.get("media-type") == "image/jpeg"
    # older Kindles look for <meta name="cover"> naming the image's id
    assert opf.xpath("//opf:meta[@name='cover']/@content", namespaces=OPF) == [image.get("id")]
    spine = opf.xpath("//opf:spine/opf:itemref", namespaces=OPF)
    assert spine[0].get("idref") == "cover" and spine[0].get("linear") in (None, "yes")
    with zipfile.ZipFile(epub) as archive:
        page = archive.read("EPUB/text/cover.xhtml").decode()
    assert 'alt="Cover: A Little Bit of Goodbye"' in page
    assert "schema:accessMode\">visual" in etree.tostring(opf).decode()
    assert epubcheck_problems(epub) == []


def test_the_readers_own_picture_becomes_the_cover(tmp_path):
    picture = tmp_path / "art.png"
    Image.new("RGBA", (800, 1280), (200, 40, 90, 255)).save(picture)
    out = tmp_path / "out"
    result = run_ficbind("build", str(STORY), "-o", str(out), "-f", "epub", "--cover", str(picture))
    assert result.returncode == 0, result.stderr
    (epub,) = out.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        image = Image.open(io.BytesIO(archive.read("EPUB/images/cover.jpg")))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (800, 1280))


def test_a_photo_taken_sideways_is_turned_upright(tmp_path):
    # Stored as the sensor saw it (landscape), with EXIF saying: turn a quarter clockwise.
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    Image.new("RGB", (1280, 800), "teal").save(tmp_path / "photo.jpg", exif=exif.tobytes())
    out = tmp_path / "out"
    result = run_ficbind("build", str(STORY), "-o", str(out), "-f", "epub", "--cover", str(tmp_path / "photo.jpg"))
    assert result.returncode == 0, result.stderr
    (epub,) = out.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        image = Image.open(io.BytesIO(archive.read("EPUB/images/cover.jpg")))
    assert image.size == (800, 1280)


def test_no_cover_on_request(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "-f", "epub", "--cover", "none")
    assert result.returncode == 0, result.stderr
    (epub,) = tmp_path.glob("*.epub")
    assert not _opf(epub).xpath("//opf:item[@properties='cover-image']", namespaces=OPF)
    assert "images/cover.jpg" not in zipfile.ZipFile(epub).namelist()


def test_a_missing_cover_is_one_line_before_any_work(tmp_path):
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path), "--cover", "nope.jpg")
    assert result.returncode == 3
    assert result.stderr.strip() == "ficbind: error: nope.jpg: no such cover image; check the path"
    assert not tmp_path.joinpath("a-little-bit-of-goodbye.pdf").exists()


def test_a_manifest_cover_is_relative_to_the_manifest_and_checked_with_its_line(tmp_path):
    (tmp_path / "art").mkdir()
    Image.new("RGB", (400, 640), "navy").save(tmp_path / "art" / "front.jpg")
    manifest = tmp_path / "book.toml"
    manifest.write_text(f'[book]\ntitle = "Goodbyes"\ncover = "art/front.jpg"\n\n[[story]]\npath = "{STORY}"\n')
    result = run_ficbind("build", str(manifest), "-o", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    manifest.write_text(f'[book]\ntitle = "Goodbyes"\ncover = "art/back.jpg"\n\n[[story]]\npath = "{STORY}"\n')
    result = run_ficbind("build", str(manifest), "-o", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"ficbind: error: {manifest}:3: [book] cover: art/back.jpg is not a file; check the path"
    )


def test_a_picture_that_is_not_an_image_is_refused(tmp_path):
    fake = tmp_path / "cover.jpg"
    fake.write_text("not a picture")
    result = run_ficbind("build", str(STORY), "-o", str(tmp_path / "out"), "-f", "epub", "--cover", str(fake))
    assert result.returncode == 3
    assert "not an image ficbind can read" in result.stderr and "Traceback" not in result.stderr
