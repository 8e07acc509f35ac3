"""Join the rendered parts of a book into one print-ready PDF, with pikepdf.

[RenderedPart] + [Leaf] -> bytes. The joiner puts every page where the book's list of
leaves says, adds the blank pages that bring each part onto a recto (truly blank: no
head, no folio), prints the page furniture over the text pages, and writes what only
the whole book knows: the outline (bookmarks), the page labels (roman, then arabic from
1), the links from the contents page, the metadata, the print boxes and the printer's
marks. Saved with a deterministic file ID, so the same book gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .furniture import Leaf
from .geometry import PageGeometry, points
from .parts import LINK_SCHEME, RenderedPart
from .save import save
from .standards import Standard, claim
from .tags import StructureTree


@dataclass
class Bookmark:
    title: str
    leaf: int  # index of the page it opens
    children: list[Bookmark] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str | None
    subject: str | None
    keywords: str | None
    language: str
    creator: str
    moment: datetime


@dataclass(frozen=True)
class Furniture:
    """A laid-out furniture document, and for each of its pages the leaf it is printed over."""

    part: RenderedPart
    owners: list[int]


@dataclass(frozen=True)
class PageLabelRange:
    first_leaf: int
    style: str  # "r" lower roman, "D" decimal, "" none (the label is the prefix alone)
    start: int = 1
    prefix: str = ""  # "Cover"


def join_book(
    parts: list[RenderedPart],
    leaves: list[Leaf],
    furniture: list[Furniture],
    geometry: PageGeometry,
    bookmarks: list[Bookmark],
    labels: list[PageLabelRange],
    link_targets: dict[str, int],
    info: DocumentInfo,
    font_names: dict[str, str],
    standard: Standard | None = None,
    tagged: bool = False,
    link_labels: dict[str, str] | None = None,
    cover: tuple[int, str] | None = None,
    moved: dict[int, float] | None = None,
) -> bytes:
    """The book as PDF bytes. `font_names` maps the stylesheet's family names ("Book")
    to the real ones ("EB Garamond"), for the embedded fonts' names. `tagged`: the
    parts were laid out with their structure, merged here (pdf/tags.py); `standard`:
    the PDF standard the book claims (pdf/standards.py); `link_labels`: what each
    contents link says it goes to (section id -> title); `cover`: the leaf of a cover
    picture and its alternative text."""
    book = pikepdf.new()
    tree = StructureTree(book) if tagged else None
    try:
        # The parts one at a time, in the leaves' order (each part's pages are one run of
        # leaves, blank pages aside): its pages copied in, its structure taken into the
        # book's, then its streams' data read into the book, so that the part can be let go.
        # Opened all at once, the parts of a 100-story anthology held 340 MB of PDF objects
        # while the book was made.
        fonts = _copy_parts(book, parts, leaves, geometry, tree, cover)
        for number, distance in (moved or {}).items():
            _move_across(book, book.pages[number], distance)
        for furnished in furniture:
            with pikepdf.open(io.BytesIO(furnished.part.pdf)) as furnishings:
                forms = [book.copy_foreign(page.as_form_xobject()) for page in furnishings.pages]
                fonts += _take_in(book, forms)
            for form, owner in zip(forms, furnished.owners):
                _print_over(book, book.pages[owner], form, f"/Furniture{owner}")
        for page in book.pages:
            _set_boxes(book, page, geometry)
        _name_subsets_uniquely(fonts, font_names)
        _resolve_links(book, link_targets, link_labels or {})
        if tree is not None:
            tree.finish()
        _write_outline(book, bookmarks)
        _write_page_labels(book, labels)
        _write_info(book, info)
        claim(book, standard, info.title, info.author, info.subject, info.language, info.creator, info.moment,
              tagged)
        return save(book, min_version=standard.pdf_version if standard else "")
    finally:
        book.close()


def _copy_parts(book: pikepdf.Pdf, parts: list[RenderedPart], leaves: list[Leaf], geometry: PageGeometry,
                tree: StructureTree | None, cover: tuple[int, str] | None) -> list[pikepdf.Dictionary]:
    """The book's pages, in order: each leaf's page of its part, or a blank page. Returns
    the fonts the parts' pages use."""
    fonts: list[pikepdf.Dictionary] = []
    source: pikepdf.Pdf | None = None
    current: int | None = None
    pages: list[int] = []  # the leaves (the book's pages) that come from the part open now
    seen: set[int] = set()

    def let_go(source: pikepdf.Pdf) -> None:
        # Pages by index cost pikepdf a walk of the page tree each; the list, one.
        book_pages = list(book.pages)
        objects = [book_pages[index].obj for index in pages]
        if tree is not None:
            if cover is not None and cover[0] in pages:
                tree.add_cover(book_pages[cover[0]].obj, cover[1])
            tree.add_part(source, objects)
        fonts.extend(_take_in(book, objects))
        source.close()

    try:
        for number, leaf in enumerate(leaves):
            if leaf.part is None:
                book.pages.append(_blank_page(book, geometry))
                continue
            if leaf.part != current:
                if source is not None:
                    let_go(source)
                    source = None
                assert leaf.part not in seen, "a part's pages are one run of the book's leaves"
                seen.add(leaf.part)
                current, pages = leaf.part, []
                source = pikepdf.open(io.BytesIO(parts[leaf.part].pdf))
            assert leaf.page is not None and source is not None  # a leaf of a part names its page
            pages.append(number)
            book.pages.append(source.pages[leaf.page])
        if source is not None:
            let_go(source)
            source = None
    finally:
        if source is not None:
            source.close()
    return fonts


def _take_in(book: pikepdf.Pdf, pages: Sequence[pikepdf.Object]) -> list[pikepdf.Dictionary]:
    """Make the book own what these pages (just copied in from a part, or forms drawn on
    them) draw with: read into it the data of every stream they reach (their contents,
    fonts, pictures and forms), and return the fonts they use. pikepdf copies a stream's
    data from its part only when the book is saved, which would keep every part in memory
    until then. Other pages (a link's destination) and the page tree are not followed:
    they are another part's, or the book's own."""
    own = {page.objgen for page in pages}
    seen: set[tuple[int, int]] = set()
    fonts: list[pikepdf.Dictionary] = []
    stack: list[pikepdf.Object] = list(pages)
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            # The data as it is, still encoded: the stream keeps its filter and parameters.
            encoding: Any = {"filter": obj.get("/Filter"), "decode_parms": obj.get("/DecodeParms")}
            obj.write(obj.read_raw_bytes(), **encoding, type_check=False)
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            kind = obj.get("/Type")
            if kind == Name.Page and obj.objgen not in own:
                continue
            if kind == Name.Font and isinstance(obj, pikepdf.Dictionary):
                fonts.append(obj)
            stack.extend(value for key, value in obj.items() if key not in _NOT_FOLLOWED and _container(value))
        elif isinstance(obj, pikepdf.Array):
            stack.extend(value for value in obj if _container(value))
    return fonts


# Keys that lead up the page tree (/Parent, an annotation's /P) or hold only numbers (a
# font's widths, a box): no stream of the part is found through them.
_NOT_FOLLOWED = frozenset({"/Parent", "/P", "/W", "/W2", "/Widths", "/MediaBox", "/CropBox", "/BleedBox",
                           "/TrimBox", "/ArtBox", "/BBox", "/Matrix", "/Rect", "/FontBBox", "/Border"})


def _container(value: Any) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)


def _move_across(book: pikepdf.Pdf, page: pikepdf.Page, distance: float) -> None:
    """Move what is drawn on a page `distance` points to the right (left when negative), its
    links with it: a page laid out as a right-hand page, printed as a left-hand one, takes its
    gutter to the other side. The page furniture is printed over afterwards, where it belongs."""
    page.contents_add(book.make_stream(f"q 1 0 0 1 {distance:.4f} 0 cm\n".encode()), prepend=True)
    page.contents_add(book.make_stream(b"Q\n"))
    for annotation in page.obj.get("/Annots", []):
        rect = annotation.get("/Rect")
        if rect is not None:
            annotation.Rect = Array([float(rect[0]) + distance, float(rect[1]), float(rect[2]) + distance,
                                     float(rect[3])])


def _print_over(book: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, name: str) -> None:
    """Draw a form (a furniture page, laid out on the same page box) over the page.

    Not pikepdf's `add_overlay`, which names the resource at random: the name is
    fixed so the same book gives the same bytes, and unique to the page because
    the pages of one part share their resource dictionary.
    """
    page.add_resource(form, Name.XObject, Name(name))
    page.contents_add(book.make_stream(b"q\n"), prepend=True)
    # Marked as an artifact: a screen reader reads the book's words, not its page furniture.
    page.contents_add(book.make_stream(f"Q /Artifact BMC q {name} Do Q EMC\n".encode()))


def _blank_page(book: pikepdf.Pdf, geometry: PageGeometry) -> pikepdf.Page:
    """A page with nothing on it, the size of the others (boxes are set afterwards).

    It has no content stream at all, which the PDF standard reads as an empty page
    (marks, when asked, add one)."""
    bleed = points(geometry.bleed)
    media = Array([-bleed, -bleed, points(geometry.width) + bleed, points(geometry.height) + bleed])
    page = Dictionary(Type=Name.Page, MediaBox=media, Resources=Dictionary())
    return pikepdf.Page(book.make_indirect(page))


def _set_boxes(book: pikepdf.Pdf, page: pikepdf.Page, geometry: PageGeometry) -> None:
    """TrimBox (the cut page), BleedBox (what may print beyond it) and, when marks are
    asked, a MediaBox large enough for them, with the marks drawn outside the bleed.

    WeasyPrint places the trim at the origin and the bleed at negative coordinates;
    the boxes only grow outwards, so nothing on the page moves.
    """
    width, height = points(geometry.width), points(geometry.height)
    bleed, paper = points(geometry.bleed), points(geometry.marks_margin)
    page.obj.TrimBox = Array([0, 0, width, height])
    page.obj.BleedBox = Array([-bleed, -bleed, width + bleed, height + bleed])
    page.obj.MediaBox = Array([-paper, -paper, width + paper, height + paper])
    page.obj.CropBox = page.obj.MediaBox
    if "/ArtBox" in page.obj:
        del page.obj.ArtBox
    if geometry.marks:
        _draw_marks(book, page, geometry)


def _draw_marks(book: pikepdf.Pdf, page: pikepdf.Page, geometry: PageGeometry) -> None:
    width, height = points(geometry.width), points(geometry.height)
    offset, length = points(geometry.mark_offset), points(5.0)
    ops = ["/Artifact BMC q", "/FicbindRegistration CS 1 SCN", "0.3 w", "0 J"]
    if "crop" in geometry.marks:
        # Two short lines at each corner, continuing the trim lines, starting outside the bleed.
        for x in (0, width):
            for y in (0, height):
                out_x = -1 if x == 0 else 1
                out_y = -1 if y == 0 else 1
                ops.append(f"{x + out_x * offset:.3f} {y:.3f} m {x + out_x * (offset + length):.3f} {y:.3f} l S")
                ops.append(f"{x:.3f} {y + out_y * offset:.3f} m {x:.3f} {y + out_y * (offset + length):.3f} l S")
    if "cross" in geometry.marks:
        # Registration targets (a circle and a cross) at the middle of each side.
        middle = offset + length / 2
        targets = ((width / 2, -middle), (width / 2, height + middle),
                   (-middle, height / 2), (width + middle, height / 2))
        for cx, cy in targets:
            ops.append(_target(cx, cy, length / 2))
    ops.append("Q EMC")
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = Dictionary()
    spaces = resources.get("/ColorSpace")
    if spaces is None:
        spaces = resources.ColorSpace = Dictionary()
    spaces.FicbindRegistration = _registration_space(book)
    page.contents_add(book.make_stream(b"q\n"), prepend=True)
    page.contents_add(book.make_stream(("Q\n" + "\n".join(ops) + "\n").encode()))


def _target(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r * 0.7  # Bézier circle, radius 0.7 r
    c = 0.7 * r
    circle = (
        f"{cx + c:.3f} {cy:.3f} m "
        f"{cx + c:.3f} {cy + k:.3f} {cx + k:.3f} {cy + c:.3f} {cx:.3f} {cy + c:.3f} c "
        f"{cx - k:.3f} {cy + c:.3f} {cx - c:.3f} {cy + k:.3f} {cx - c:.3f} {cy:.3f} c "
        f"{cx - c:.3f} {cy - k:.3f} {cx - k:.3f} {cy - c:.3f} {cx:.3f} {cy - c:.3f} c "
        f"{cx + k:.3f} {cy - c:.3f} {cx + c:.3f} {cy - k:.3f} {cx + c:.3f} {cy:.3f} c S"
    )
    cross = f"{cx - r:.3f} {cy:.3f} m {cx + r:.3f} {cy:.3f} l S {cx:.3f} {cy - r:.3f} m {cx:.3f} {cy + r:.3f} l S"
    return circle + " " + cross


def _registration_space(book: pikepdf.Pdf) -> pikepdf.Object:
    """The /All separation: marks print on every plate, so every plate can be aligned."""
    cached = getattr(book, "_ficbind_registration", None)
    if cached is None:
        tint = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1)
        cached = book.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK, book.make_indirect(tint)]))
        setattr(book, "_ficbind_registration", cached)  # noqa: B010 (a private attribute pikepdf does not declare)
    return cached


def _name_subsets_uniquely(fonts: list[pikepdf.Dictionary], font_names: dict[str, str]) -> None:
    """Name every embedded subset after its real family, with a tag made from its own
    bytes (`ABCDEF+EBGaramond-Italic`), so preflight reports show the face by name.

    Each part embeds its own subset of the book face, and WeasyPrint tags them all
    alike; a RIP that meets two different subsets under one name may use the first
    for both and drop glyphs. A tag from the font's bytes differs whenever they do.
    """
    import hashlib

    for font in fonts:
        if "/BaseFont" not in font:
            continue
        named: list[Any] = [font]
        if "/DescendantFonts" in font:
            named.append(font.DescendantFonts[0])
        descriptor = named[-1].get("/FontDescriptor")
        if descriptor is None:
            continue
        program = next((descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile") if key in descriptor),
                       None)
        if program is None:
            continue
        digest = hashlib.sha256(program.read_raw_bytes()).digest()
        tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        # WeasyPrint names a face after the stylesheet's family: `Book,-Italic`, `Book-Symbols-2,`.
        family, _, style = str(font.BaseFont)[1:].split("+", 1)[-1].partition(",")
        real = font_names.get(family.replace("-", " "))
        name = f"{real.replace(' ', '')}{style or '-Regular'}" if real else str(font.BaseFont)[1:].split("+", 1)[-1]
        for item in named:
            item.BaseFont = Name(f"/{tag}+{name}")
        descriptor.FontName = Name(f"/{tag}+{name}")


def _resolve_links(book: pikepdf.Pdf, targets: dict[str, int], titles: dict[str, str]) -> None:
    """`ficbind-goto:<id>` links (from the contents page) -> links to the page the section
    opens on, each describing where it goes (`/Contents`, read out by screen readers)."""
    for page in book.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(LINK_SCHEME):
                continue
            target = targets.get(uri[len(LINK_SCHEME):])
            if target is None:
                del annotation.A
                continue
            annotation.A = Dictionary(S=Name.GoTo, D=Array([book.pages[target].obj, Name.Fit]))
            section = uri[len(LINK_SCHEME):]
            annotation.Contents = String(f"Go to {titles[section]}" if section in titles else "Go to the section")


def _write_outline(book: pikepdf.Pdf, bookmarks: list[Bookmark]) -> None:
    def item(mark: Bookmark) -> pikepdf.OutlineItem:
        entry = pikepdf.OutlineItem(mark.title, mark.leaf, pikepdf.PageLocation.Fit)
        entry.children.extend(item(child) for child in mark.children)
        return entry

    with book.open_outline() as outline:
        outline.root.extend(item(mark) for mark in bookmarks)
    book.Root.PageMode = Name.UseOutlines


def _write_page_labels(book: pikepdf.Pdf, labels: list[PageLabelRange]) -> None:
    nums = Array()
    for label in labels:
        nums.append(label.first_leaf)
        entry = Dictionary(S=Name("/" + label.style), St=label.start) if label.style else Dictionary()
        if label.prefix:
            entry.P = String(label.prefix)
        nums.append(entry)
    book.Root.PageLabels = Dictionary(Nums=nums)


def _pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _write_info(book: pikepdf.Pdf, info: DocumentInfo) -> None:
    fields = {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": info.creator,
        "/Producer": "WeasyPrint and pikepdf",
        "/CreationDate": _pdf_date(info.moment),
        "/ModDate": _pdf_date(info.moment),
    }
    docinfo = book.make_indirect(Dictionary({key: String(value) for key, value in fields.items() if value}))
    book.trailer.Info = docinfo
    book.Root.Lang = String(info.language)
    # Show the book as it will be held: spreads, with page 1 alone on the right.
    book.Root.PageLayout = Name.TwoPageRight
    book.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
