"""Turn the reader's cover picture into the printed book's front cover: one page, drawn to the bleed.

Picture file -> `Picture` -> a one-page part for the joiner. The page is made with
pikepdf, not laid out by WeasyPrint: it holds one image and nothing else, and the
renderer's URL fetcher (which serves only ficbind's own files) never has to be
given a path of the reader's. A JPEG goes into the PDF as it is (DCTDecode, never
decoded and compressed again, so not one more generation of JPEG loss); every
other picture is decoded by Pillow and stored losslessly (FlateDecode).

The picture covers the whole page and its bleed, like CSS `object-fit: cover`:
scaled until it fills the bleed box on both axes, centred, the overflow clipped,
never stretched. The pixels are the picture's own (not the EPUB's 1600 × 2560
thumbnail), so `ficbind check` measures the resolution that will be printed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from ..picture import opened_picture
from .geometry import PageGeometry, points
from .parts import RenderedPart
from .save import save

# PDF colour spaces for the picture modes kept as they are.
_SPACES = {"L": ("/DeviceGray", 1), "RGB": ("/DeviceRGB", 3), "CMYK": ("/DeviceCMYK", 4)}
# An ICC profile's colour space (bytes 16-19 of its header), and the components it describes.
_PROFILE_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}
# Where each EXIF orientation puts a stored pixel (u right, v down, 0..1) on the upright
# picture: what a camera that was held sideways asks of whoever shows its photo.
_UPRIGHT = {
    1: lambda u, v: (u, v),
    2: lambda u, v: (1 - u, v),  # mirrored
    3: lambda u, v: (1 - u, 1 - v),  # upside down
    4: lambda u, v: (u, 1 - v),  # mirrored, upside down
    5: lambda u, v: (v, u),  # mirrored, turned
    6: lambda u, v: (1 - v, u),  # turned a quarter clockwise to stand upright
    7: lambda u, v: (1 - v, 1 - u),
    8: lambda u, v: (v, 1 - u),  # turned a quarter anticlockwise
}


@dataclass(frozen=True)
class Picture:
    """A cover picture as a PDF image holds it. Plain data: it pickles, and the same
    file always gives the same bytes."""

    width: int  # pixels, as stored
    height: int
    colour_space: str  # "/DeviceRGB", "/DeviceGray" or "/DeviceCMYK"
    components: int
    data: bytes  # the image stream, encoded by `encoding`
    encoding: str  # "/DCTDecode" (a JPEG's own bytes) or "/FlateDecode"
    icc_profile: bytes | None = None
    inverted: bool = False  # an Adobe CMYK JPEG, which stores its inks inverted
    orientation: int = 1  # EXIF orientation of a JPEG kept as it is (others are turned upright)

    @property
    def upright_size(self) -> tuple[int, int]:
        """Width and height as the picture is seen, turned upright."""
        return (self.height, self.width) if self.orientation >= 5 else (self.width, self.height)


def read_picture(path: Path) -> Picture:
    """The cover picture at `path`, ready to print; InputError when it is not one."""
    with opened_picture(path) as (data, image):
        if image.format == "JPEG" and image.mode in _SPACES:
            return _jpeg_as_is(image, data)
        return _decoded(image)


def _jpeg_as_is(image, data: bytes) -> Picture:
    from PIL import ExifTags

    space, components = _SPACES[image.mode]
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return Picture(
        image.width, image.height, space, components, data, "/DCTDecode",
        icc_profile=_profile(image.info.get("icc_profile"), components),
        # Photoshop and Pillow write CMYK JPEGs with inverted inks, marked by Adobe's
        # APP14 segment; a PDF viewer must be told to turn them back.
        inverted=image.mode == "CMYK" and "adobe" in image.info,
        orientation=orientation if orientation in _UPRIGHT else 1,
    )


def _decoded(image) -> Picture:
    from PIL import Image, ImageOps

    profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent parts print on white paper: show them white, as the paper will.
        ground = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(ground, image.convert("RGBA")).convert("RGB")
    elif image.mode in ("I", "I;16", "I;16B", "I;16L"):
        # Sixteen-bit grey (a scan, a PNG from an editor): converted directly it would
        # clip to white, so bring it down to eight bits first.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode not in _SPACES:
        image = image.convert("RGB")
    space, components = _SPACES[image.mode]
    return Picture(image.width, image.height, space, components, zlib.compress(image.tobytes(), 6), "/FlateDecode",
                   icc_profile=_profile(profile, components))


def _profile(profile: bytes | None, components: int) -> bytes | None:
    """The picture's ICC profile, when it describes the colours as stored (a profile
    left over from before a conversion would make the file invalid)."""
    if profile and len(profile) > 20 and _PROFILE_COMPONENTS.get(profile[16:20]) == components:
        return profile
    return None


def placement(picture: Picture, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    """The matrix (a b c d e f) that draws the picture upright over `box` (left, bottom,
    right, top, in points) like `object-fit: cover`: the smallest scale that fills the
    box on both axes, centred, the rest hanging over the edges to be clipped."""
    left, bottom, right, top = box
    upright_width, upright_height = picture.upright_size
    scale = max((right - left) / upright_width, (top - bottom) / upright_height)
    width, height = upright_width * scale, upright_height * scale
    x0 = left + (right - left - width) / 2
    y0 = bottom + (top - bottom - height) / 2
    upright = _UPRIGHT[picture.orientation]

    def on_page(s: float, t: float) -> tuple[float, float]:
        # A PDF image fills the unit square with its first row at the top (t = 1).
        x, y = upright(s, 1 - t)
        return x0 + width * x, y0 + height * (1 - y)

    e, f = on_page(0, 0)
    (ax, ay), (cx, cy) = on_page(1, 0), on_page(0, 1)
    return (ax - e, ay - f, cx - e, cy - f, e, f)


# What print shops ask of a picture at the size it is printed (`ficbind check` holds a
# finished PDF to the same figure).
PRINT_PPI = 300


def coarse_for_print(picture: Picture, geometry: PageGeometry) -> str | None:
    """Why the picture is too coarse for its page and bleed, with the size it needs; None when it
    is fine. Said at build time, as soon as the PDF is made, not only by a later `ficbind check`."""
    width_in = (geometry.width + 2 * geometry.bleed) / 25.4
    height_in = (geometry.height + 2 * geometry.bleed) / 25.4
    upright_width, upright_height = picture.upright_size
    # Drawn like `object-fit: cover`, the picture is printed at the scale that fills both sides.
    ppi = min(upright_width / width_in, upright_height / height_in)
    if ppi >= PRINT_PPI - 0.5:
        return None
    bleed = f" and its {geometry.bleed:g} mm bleed" if geometry.bleed else ""
    needed = (round(width_in * PRINT_PPI, -1), round(height_in * PRINT_PPI, -1))
    return (f"the cover picture ({upright_width} × {upright_height} pixels) prints at {ppi:.0f} ppi on a "
            f"{geometry.width:g} × {geometry.height:g} mm page{bleed}; print shops ask for {PRINT_PPI} ppi, "
            f"about {needed[0]:.0f} × {needed[1]:.0f} pixels")


def cover_part(picture: Picture, geometry: PageGeometry, srgb_profile: bytes | None = None) -> RenderedPart:
    """The front cover as a one-page part, its page the size of the book's others (the
    trim at the origin, the bleed around it), the picture clipped to the bleed box."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, picture.data)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height, image.BitsPerComponent = picture.width, picture.height, 8
    image.Filter = Name(picture.encoding)
    icc_profile = picture.icc_profile
    if icc_profile is None and picture.colour_space == "/DeviceRGB" and srgb_profile:
        # A picture that names no profile is sRGB, as the web and cameras assume; a PDF/X
        # book says so, since it may not leave RGB colours to the RIP's guess.
        icc_profile = srgb_profile
    if icc_profile:
        profile = pikepdf.Stream(pdf, icc_profile)
        profile.N, profile.Alternate = picture.components, Name(picture.colour_space)
        image.ColorSpace = Array([Name.ICCBased, profile])
    else:
        image.ColorSpace = Name(picture.colour_space)
    if picture.inverted:
        image.Decode = Array([1, 0] * picture.components)
    bleed = points(geometry.bleed)
    box = (-bleed, -bleed, points(geometry.width) + bleed, points(geometry.height) + bleed)
    matrix = " ".join(_number(value) for value in placement(picture, box))
    clip = f"{_number(box[0])} {_number(box[1])} {_number(box[2] - box[0])} {_number(box[3] - box[1])} re W n"
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array(list(box)),
        Resources=Dictionary(XObject=Dictionary(Cover=image)),
        # Marked content 0, so a tagged book can name the picture a figure (pdf/tags.py).
        Contents=pdf.make_stream(f"/Figure <</MCID 0>> BDC q {clip} {matrix} cm /Cover Do Q EMC\n".encode("ascii")),
    )
    pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    # The image is compressed already (JPEG or Flate): stored as it is, not again.
    return RenderedPart(save(pdf, recompress=False), 1, {}, frozenset(), ())


def _number(value: float) -> str:
    """A coordinate for a content stream: a thousandth of a point is far below a printer's dot."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
