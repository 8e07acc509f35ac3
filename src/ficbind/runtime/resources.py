"""The one way into ficbind's package data: stylesheets under `styles/` and the shipped fonts.

`styles/` lives at the top of the repository and is copied into the wheel as
`ficbind/styles` (see pyproject.toml). Fonts come from `fontpkg-*` packages, which
ship OFL families as ordinary Python dependencies.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import UsageError


@cache
def styles_dir() -> Path:
    """The folder holding the stylesheets, inside the installed package.

    In an editable (development) install hatchling does not copy `styles/` into the
    package, so fall back to the checkout's own `styles/` folder next to `src/`.
    """
    # An installed package on disk: the folder beside this one; a checkout: `styles/`
    # next to `src/`. importlib.resources, which also finds it inside a zipped package,
    # is asked last: importing it cost a cached rebuild 7 ms.
    beside = Path(__file__).parents[1] / "styles"
    if beside.is_dir():
        return beside
    checkout = Path(__file__).resolve().parents[3] / "styles"
    if checkout.is_dir():
        return checkout
    import importlib.resources

    packaged = importlib.resources.files("ficbind") / "styles"
    if packaged.is_dir():
        return Path(str(packaged))
    raise RuntimeError("ficbind's styles are missing from this installation; reinstall ficbind")


def styles_url() -> str:
    """The stylesheets' folder as the base URL of a document laid out for print."""
    return styles_dir().as_uri() + "/"


@cache
def stylesheet(name: str) -> str:
    """The text of `styles/<name>` (for example `book.css`)."""
    return (styles_dir() / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class FontFamily:
    key: str  # what `--font` accepts
    name: str  # the family name inside the font files
    regular: Path
    italic: Path
    license: Path


# `--font` name -> the fontpkg module that ships the family. EB Garamond is the default
# book face: an old-style Garamond with true italics, small caps and the ❧ ornament.
SHIPPED_FONTS = {
    "eb-garamond": "fontpkg_eb_garamond",
    "literata": "fontpkg_literata",
    "crimson-pro": "fontpkg_crimson_pro",
}
DEFAULT_FONT = "eb-garamond"


@cache
def font_family(key: str = DEFAULT_FONT) -> FontFamily:
    """A shipped font family by its `--font` name."""
    module_name = SHIPPED_FONTS.get(key)
    if module_name is None:
        known = ", ".join(sorted(SHIPPED_FONTS))
        raise UsageError(f"unknown font {key!r}; choose one of: {known}")
    module = importlib.import_module(module_name)
    root = Path(module.ROOT)
    files = sorted((root / "files").glob("*.ttf"))
    italic = [f for f in files if "Italic" in f.name]
    regular = [f for f in files if "Italic" not in f.name]
    if not italic or not regular:
        raise RuntimeError(f"font package {module_name} lacks a regular or italic file; reinstall it")
    return FontFamily(key=key, name=module.FAMILY, regular=regular[0], italic=italic[0], license=root / "LICENSE")


@dataclass(frozen=True)
class FallbackFont:
    name: str  # the family name the print stylesheet gives it
    path: Path


@cache
def fallback_fonts() -> tuple[FallbackFont, ...]:
    """The faces the printed book falls back to, in the order they are tried: symbols
    for ♥ ♪ ★ → and the like, Hebrew and Arabic for right-to-left text, and emoji
    (styles/fonts/README.md says where they come from)."""
    folder = styles_dir() / "fonts"
    return (
        FallbackFont("Book Symbols", folder / "NotoSansSymbols-Regular.ttf"),
        FallbackFont("Book Symbols 2", folder / "NotoSansSymbols2-Regular.ttf"),
        FallbackFont("Book Hebrew", folder / "NotoSerifHebrew-Regular.ttf"),
        FallbackFont("Book Arabic", folder / "NotoNaskhArabic-Regular.ttf"),
        FallbackFont("Book Emoji", folder / "NotoEmoji-Regular.ttf"),
    )
