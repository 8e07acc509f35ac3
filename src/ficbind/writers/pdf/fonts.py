"""Turn a shipped font family into the printed book's `@font-face` rules, and find the
characters no shipped font can set.

The book face sets the text; the Noto symbol faces under `styles/fonts/` are the
deliberate fallback for hearts, notes, stars and arrows. Anything neither has would
be set in whatever font the machine happens to have (DejaVu, usually): that is
reported, naming the characters, so it never happens silently.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from html import unescape
from pathlib import Path

from ...runtime import resources

BOOK_FAMILY = "Book"
# Characters that need no glyph: spacing and invisible formatting (Pango draws them
# from metrics alone), and control characters.
_NO_GLYPH_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def font_faces(font: resources.FontFamily) -> str:
    """@font-face rules for the book face (both styles) and the symbol fallbacks."""
    # The faces are variable fonts: WeasyPrint sets `<strong>` from the same file at
    # the weight asked for (a true semibold), so one rule per style is enough. (It does
    # not read a weight range here: `font-weight: 400 800` would only be ignored.)
    rules = [
        f'@font-face {{ font-family: "{BOOK_FAMILY}"; src: url("{path.as_uri()}"); font-style: {style}; }}'
        for path, style in ((font.regular, "normal"), (font.italic, "italic"))
    ]
    rules += [
        f'@font-face {{ font-family: "{fallback.name}"; src: url("{fallback.path.as_uri()}"); }}'
        for fallback in resources.fallback_fonts()
    ]
    return "\n".join(rules) + "\n"


# The scene-break ornament, best first: a fleuron where the book face has one (EB
# Garamond and Crimson Pro), an asterism (Literata), else the dinkus every face can set.
_ORNAMENTS = ("❧", "⁂")
_DINKUS = "*\\00a0\\00a0\\00a0*\\00a0\\00a0\\00a0*"


def ornament_css(font: resources.FontFamily) -> str:
    """The scene-break rule for this face: its own ornament, drawn from its own glyphs."""
    roman = _cmap(font.regular)
    glyph = next((g for g in _ORNAMENTS if ord(g) in roman), None)
    content = f'"{glyph}"' if glyph else f'"{_DINKUS}"'
    size = "font-size: 1.15em; " if glyph else ""
    return f"hr.scene-break::after {{ content: {content}; {size}}}\n"


def font_stack() -> str:
    """The `font-family` value: the book face, then the shipped fallbacks, in order."""
    return ", ".join(f'"{name}"' for name in (BOOK_FAMILY, *(f.name for f in resources.fallback_fonts())))


def readable_roots(font: resources.FontFamily) -> tuple[str, ...]:
    """The folders a part's renderer may read from (parts.package_data_fetcher refuses the
    rest): ficbind's stylesheets, the book face's folder and the shipped fallbacks'."""
    folders = [resources.styles_dir(), font.regular.parent, *(f.path.parent for f in resources.fallback_fonts())]
    return tuple(str(folder.resolve()) for folder in folders)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def shipped_coverage(font: resources.FontFamily) -> frozenset[int]:
    """Every code point the book face (either style) or a shipped fallback can set."""
    covered = _cmap(font.regular) | _cmap(font.italic)
    for fallback in resources.fallback_fonts():
        covered |= _cmap(fallback.path)
    return covered


# A tag in the HTML ficbind writes: text and attribute values are escaped there, so
# no `<` or `>` stands for itself.
_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<(style|title)\b[^>]*>.*?</\1>", re.DOTALL)


def text_characters(html: str) -> set[str]:
    """The characters a reader sees in HTML that ficbind wrote (not its markup, styles or title)."""
    return set(unescape(_TAG.sub("", _HIDDEN.sub("", html))))


def missing_glyphs(characters: set[str], font: resources.FontFamily) -> list[str]:
    """Characters that neither the book face nor a shipped fallback has, in code point order."""
    covered = shipped_coverage(font)
    return sorted(
        (c for c in characters if ord(c) not in covered and unicodedata.category(c) not in _NO_GLYPH_CATEGORIES),
        key=ord,
    )


def describe_characters(characters: list[str], limit: int = 12) -> str:
    """`♥ (U+2665 BLACK HEART SUIT), …` for a warning."""
    shown = [f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in characters[:limit]]
    more = len(characters) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
