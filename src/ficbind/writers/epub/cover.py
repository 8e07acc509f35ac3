"""Make the EPUB's cover image: the reader's own picture, or a typographic cover drawn from the book.

BookMeta -> JPEG bytes. E-reader libraries show books by their covers; a book with
none shows up as a grey square or its first page shrunk. Kindle asks for an RGB
JPEG of about 1.6:1 (1600 × 2560 ideally), so both kinds of cover come out that way.

The drawn cover sets the title in the book face (EB Garamond) over a plain ground
whose colour comes from the title, with the face's ornament and the compiler's name:
the same book always gets the same cover, byte for byte.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ...model import BookMeta
from ...runtime import resources
from ..picture import opened_picture

WIDTH, HEIGHT = 1600, 2560
_MARGIN = 150
# Deep grounds with a cream text colour: legible as a thumbnail and in greyscale on e-ink.
_GROUNDS = ["#1f3a4d", "#2f4a3a", "#5a2530", "#3b3148", "#2c2c2c", "#4a3b24", "#1f4a4a", "#47304a"]
_INK = "#f3ead8"
_JPEG_QUALITY = 85
# User covers larger than this are scaled down: Send-to-Kindle caps a mail at 50 MB.
_MAX_SIDE = 2560


def _font(path: Path, size: int, weight: int | None = None):
    from PIL import ImageFont

    font = ImageFont.truetype(str(path), size)
    if weight is not None:
        try:
            font.set_variation_by_axes([weight])
        except (OSError, ValueError):  # not a variable font: keep its one weight
            pass
    return font


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _coverable(text: str, face: Path) -> bool:
    """Whether the book face has a glyph for every character (else no drawn cover:
    a title in boxes is worse than none)."""
    from fontTools.ttLib import TTFont

    with TTFont(face, lazy=True) as font:
        cmap = font.getBestCmap()
    return all(ord(c) in cmap or c.isspace() for c in text)


def drawn_cover(meta: BookMeta, byline: str | None) -> bytes | None:
    """A typographic cover for the book, or None when the face cannot set its title."""
    from PIL import Image, ImageDraw

    family = resources.font_family(resources.DEFAULT_FONT)
    words = " ".join(part for part in (meta.title, byline or "") if part)
    if not _coverable(words, family.regular) or not _coverable(byline or "", family.italic):
        return None
    ground = _GROUNDS[hashlib.sha256(meta.title.encode("utf-8")).digest()[0] % len(_GROUNDS)]
    image = Image.new("RGB", (WIDTH, HEIGHT), ground)
    draw = ImageDraw.Draw(image)
    # A thin frame inside the edge, as on a cloth binding.
    inset = 70
    draw.rectangle([inset, inset, WIDTH - inset, HEIGHT - inset], outline=_INK, width=4)
    draw.rectangle([inset + 18, inset + 18, WIDTH - inset - 18, HEIGHT - inset - 18], outline=_INK, width=2)

    # The title: as large as fits in at most five lines.
    measure = WIDTH - 2 * _MARGIN
    for size in range(200, 60, -10):
        font = _font(family.regular, size, weight=500)
        lines = _wrap(draw, meta.title, font, measure)
        if len(lines) <= 5 and all(draw.textlength(line, font=font) <= measure for line in lines):
            break
    leading = int(size * 1.18)
    # Centred a little above the middle, but never crowding the frame.
    top = max(int(HEIGHT * 0.32) - (len(lines) * leading) // 2, 280)
    for k, line in enumerate(lines):
        draw.text((WIDTH / 2, top + k * leading), line, font=font, fill=_INK, anchor="ma")
    below = top + len(lines) * leading + 90

    ornament = "❧"
    ornament_font = _font(family.regular, 150)
    if _coverable(ornament, family.regular):
        draw.text((WIDTH / 2, below), ornament, font=ornament_font, fill=_INK, anchor="ma")

    if byline:
        small = _font(family.italic, 80)
        by_lines = _wrap(draw, byline, small, measure)[:3]
        base = int(HEIGHT * 0.82)
        for k, line in enumerate(by_lines):
            draw.text((WIDTH / 2, base + k * 100), line, font=small, fill=_INK, anchor="ma")
    return _jpeg(image)


def user_cover(path: Path) -> bytes:
    """The reader's own cover picture as an RGB JPEG (PNG, GIF and WebP are converted)."""
    from PIL import Image, ImageOps

    with opened_picture(path) as (_, picture):
        # A photo taken with the phone held sideways is stored sideways, with a note
        # (EXIF) on how to turn it; the JPEG written here keeps no EXIF, so turn it now.
        image = ImageOps.exif_transpose(picture).convert("RGB")
    if max(image.size) > _MAX_SIDE:
        scale = _MAX_SIDE / max(image.size)
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    return _jpeg(image)


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    # No EXIF, no timestamps: the bytes depend on the pixels alone.
    image.save(out, "JPEG", quality=_JPEG_QUALITY, optimize=True, progressive=False)
    return out.getvalue()
