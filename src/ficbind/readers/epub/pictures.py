"""Keep the pictures an EPUB's chapters hold (fan art in a fic): `<img src>` -> `Picture`.

A picture is read only from inside the EPUB; one that points elsewhere (`http://…`,
`file:`, a `../` past the book) is never fetched, and its alt text stands in. Every
picture is decoded and encoded again through Pillow, so nothing of the original file
reaches the book: no metadata (EXIF with a phone's location, comments, colour profiles),
no trailing data, no format a reading system might mishandle. Only PNG and JPEG come
out, written deterministically (same picture, same bytes). A picture too large to
decode safely (a "decompression bomb": a small file claiming a vast canvas) is left out
for its alt text, and so is one Pillow cannot read.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

from ...model import Block, Picture
from .container import resolve_href
from .package import Item

# Fan art is rarely more than a few thousand pixels a side; a canvas beyond this many
# pixels is refused before its pixels are decoded (Pillow's own limit is 89 million,
# and only a warning below twice that).
MAX_PIXELS = 40_000_000
# Pictures are scaled down to this long side: more than an e-reader or a printed page
# at 300 dpi needs, and it keeps a book of fan art to a sensible size.
MAX_SIDE = 2400
MAX_PICTURE_BYTES = 20_000_000
JPEG_QUALITY = 88

PictureReader = Callable[[str, str], Block | None]


def reencode(data: bytes) -> tuple[bytes, str] | None:
    """The picture in `data` as (PNG or JPEG bytes, media type), or None when it cannot be
    read safely. Photographs (JPEG in) stay JPEG; everything else becomes PNG."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_PICTURE_BYTES:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    return None
                photo = image.format == "JPEG"
                image.seek(0)  # an animation's first frame
                upright = ImageOps.exif_transpose(image) if photo else image
                upright.load()
                has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
                mode = "RGB" if photo or not has_alpha else "RGBA"
                # A fresh image of the pixels alone: no metadata of the original survives.
                pixels = upright.convert(mode)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            ValueError, SyntaxError, EOFError):
        return None
    if max(pixels.size) > MAX_SIDE:
        scale = MAX_SIDE / max(pixels.size)
        pixels = pixels.resize((max(1, round(pixels.width * scale)), max(1, round(pixels.height * scale))),
                               Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if photo:
        pixels.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
        return out.getvalue(), "image/jpeg"
    pixels.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue(), "image/png"


def picture_reader(epub, item: Item) -> PictureReader:
    """The callback the HTML reader calls for each `<img>` in one chapter of `epub`."""
    cache = epub.pictures
    base = item.name or ""

    def picture(src: str, alt: str) -> Block | None:
        name = resolve_href(base, src)
        if name is None or name not in epub.container:
            return None  # elsewhere on the internet, or missing: the alt text stands in
        if name not in cache:
            info = epub.container.size_of(name)
            cache[name] = reencode(epub.container.read(name)) if info <= MAX_PICTURE_BYTES else None
        found = cache[name]
        if found is None:
            return None
        return Picture(found[0], found[1], " ".join(alt.split()))

    return picture
