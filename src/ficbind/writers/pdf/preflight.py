"""Check a PDF the way a print shop's preflight does: PDF file -> a `Verdict`.

Behind `ficbind check BOOK.pdf`. It checks any PDF, not only ficbind's: every font
embedded, TrimBox and BleedBox on every page and nested properly, one trim size, an
even page count (a multiple of N when the binding needs it), no image below 300 ppi
where it is printed, RGB images noted, the file readable by qpdf's checker, every
page drawn by Ghostscript, and the standard it claims (PDF/X, UA, A) holding as far
as the file can show (pdf/claims.py).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError

MIN_PPI = 300  # colour and greyscale images, at the size they are printed
MIN_PPI_BITMAP = 600  # one-bit images (line art) need more


@dataclass
class Finding:
    check: str  # "fonts", "boxes", "pages", "images", "structure"
    ok: bool
    message: str
    severity: str = "error"  # "error" fails the check; "note" is for information only


@dataclass
class Verdict:
    path: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(f.ok or f.severity != "error" for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.severity == "error"]


def check_pdf(path: Path, multiple_of: int | None = None) -> Verdict:
    """Preflight one PDF. Raises InputError when it is not a PDF at all."""
    import pikepdf

    from .claims import check_claims, check_cover_wrap, check_rendering

    if not path.is_file():
        raise InputError("no such file; check the path", path)
    with path.open("rb") as file:
        head = file.read(1024)
    if b"%PDF-" not in head:
        # Said plainly, not in qpdf's words about a missing header or xref.
        raise InputError("not a PDF (it does not start with %PDF-); give the .pdf that ficbind build wrote", path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise InputError("the PDF is encrypted with a password; a print shop cannot open it either", path) from None
    except (pikepdf.PdfError, OSError) as error:
        detail = str(error).removeprefix(f"{path}: ")
        raise InputError(f"a PDF that is cut short or damaged ({detail}); write or download it again", path) from None
    verdict = Verdict(str(path))
    with pdf:
        verdict.pages = len(pdf.pages)
        verdict.findings.append(_check_structure(path, pdf))
        verdict.findings.append(_check_encryption(pdf))
        verdict.findings.append(_check_fonts(pdf))
        verdict.findings.extend(_check_boxes(pdf))
        info: Any = pdf.trailer.get("/Info", {}) if "/Info" in pdf.trailer else {}
        imposed = "/Imposed" in info or "/CoverWrap" in info  # sheets, or a cover's one spread
        verdict.findings.append(_check_page_count(len(pdf.pages), multiple_of, imposed))
        verdict.findings.extend(_check_images(pdf))
        verdict.findings.extend(check_claims(pdf))
        verdict.findings.extend(check_cover_wrap(path, pdf))
    verdict.findings.append(check_rendering(path))
    return verdict


# --- the checks -----------------------------------------------------------------------


def _check_structure(path: Path, pdf) -> Finding:
    """qpdf's own checker (`qpdf --check`), or the same library through pikepdf."""
    qpdf = shutil.which("qpdf")
    if qpdf:
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True, timeout=300)
        # qpdf exits 0 when clean, 2 for errors and 3 for warnings; its warnings are
        # about damage it had to repair (a broken xref table), which a RIP may not repair.
        if result.returncode == 0:
            return Finding("structure", True, "qpdf --check finds no errors")
        output = (result.stderr + result.stdout).splitlines()
        lines = [line for line in output if "WARNING" in line or "error" in line.lower()]
        lines = lines or [line for line in output if line.strip()]
        detail = lines[0] if lines else f"exit status {result.returncode}"
        return Finding("structure", False, f"qpdf --check: {detail}")
    problems = pdf.check_pdf_syntax()
    if not problems:
        return Finding("structure", True, "qpdf's checker (through pikepdf) finds no errors")
    return Finding("structure", False, f"qpdf's checker: {problems[0]}")


def _check_encryption(pdf) -> Finding:
    if pdf.is_encrypted:
        return Finding("security", False, "the PDF is encrypted; print shops need it unlocked")
    return Finding("security", True, "not encrypted")


def _fonts_in(resources, seen: set) -> list:
    """Every font object reachable from a resource dictionary, form XObjects included."""
    found: list = []
    if resources is None:
        return found
    for font in resources.get("/Font", {}).values():
        if not _seen(font, seen):
            found.append(font)
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and not _seen(xobject, seen):
            found.extend(_fonts_in(xobject.get("/Resources"), seen))
    return found


def _seen(obj, seen: set) -> bool:
    """Whether an indirect object was met before (and remember it); direct objects are never shared."""
    if not obj.is_indirect:
        return False
    if obj.objgen in seen:
        return True
    seen.add(obj.objgen)
    return False


def _font_is_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn with PDF operators: nothing to embed
    if "/DescendantFonts" in font:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _check_fonts(pdf) -> Finding:
    seen: set = set()
    fonts = []
    for page in pdf.pages:
        fonts.extend(_fonts_in(page.obj.get("/Resources"), seen))
    missing = sorted({str(f.get("/BaseFont", "unnamed"))[1:] for f in fonts if not _font_is_embedded(f)})
    if missing:
        return Finding("fonts", False, f"{len(missing)} font(s) not embedded: {', '.join(missing[:6])}")
    names = {str(f.get("/BaseFont", ""))[1:].split("+")[-1] for f in fonts}
    return Finding("fonts", True, f"all {len(fonts)} fonts embedded ({', '.join(sorted(n for n in names if n)[:6])})")


def _box(page, name: str) -> tuple[float, ...] | None:
    value = page.obj.get(name)
    if value is None:
        return None
    left, bottom, right, top = (float(v) for v in value)
    return (min(left, right), min(bottom, top), max(left, right), max(bottom, top))


def _inside(inner, outer, tolerance: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _check_boxes(pdf) -> list[Finding]:
    no_trim, no_bleed, badly_nested = [], [], []
    trims: dict[tuple[float, float], int] = {}
    bleeds: set[float] = set()
    for number, page in enumerate(pdf.pages, 1):
        media = _box(page, "/MediaBox")
        trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
        if trim is None:
            no_trim.append(number)
        if bleed is None:
            no_bleed.append(number)
        if trim and bleed and media and not (_inside(trim, bleed) and _inside(bleed, media)):
            badly_nested.append(number)
        if trim:
            size = (round(trim[2] - trim[0], 1), round(trim[3] - trim[1], 1))
            trims[size] = trims.get(size, 0) + 1
            if bleed:
                bleeds.add(round(min(trim[0] - bleed[0], bleed[2] - trim[2]) / 72 * 25.4, 1))
    findings = []
    if no_trim or no_bleed:
        parts = []
        if no_trim:
            parts.append(f"no TrimBox on {_pages(no_trim)}")
        if no_bleed:
            parts.append(f"no BleedBox on {_pages(no_bleed)}")
        findings.append(Finding("boxes", False, "; ".join(parts) + " (print shops cut along the TrimBox)"))
    elif badly_nested:
        findings.append(Finding("boxes", False,
                                f"TrimBox not inside BleedBox inside MediaBox on {_pages(badly_nested)}"))
    else:
        said = f", bleed {max(bleeds):g} mm" if bleeds and max(bleeds) > 0 else ", no bleed"
        findings.append(Finding("boxes", True, f"TrimBox and BleedBox on every page{said}"))
    if len(trims) > 1:
        sizes = ", ".join(f"{w / 72 * 25.4:.0f}×{h / 72 * 25.4:.0f} mm ({n} pages)"
                          for (w, h), n in sorted(trims.items()))
        findings.append(Finding("boxes", False, f"pages have different trim sizes: {sizes}"))
    elif trims:
        ((w, h),) = trims
        findings.append(Finding("boxes", True, f"trim {w / 72 * 25.4:.1f}×{h / 72 * 25.4:.1f} mm on every page"))
    return findings


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    more = f" and {len(numbers) - 8} more" if len(numbers) > 8 else ""
    return f"page{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _check_page_count(count: int, multiple_of: int | None, imposed: bool = False) -> Finding:
    if imposed and not multiple_of:
        # A zine's sheets (ficbind marks them): one page per side of a sheet, so one
        # page (a mini-zine) or an odd number (single-sided fronts) is right.
        return Finding("pages", True, f"{count} sheet side{'s' if count != 1 else ''} (imposed for folding)")
    if multiple_of and count % multiple_of:
        short = multiple_of - count % multiple_of
        return Finding("pages", False, f"{count} pages is not a multiple of {multiple_of}; add {short} blank page(s)")
    if count % 2:
        return Finding("pages", False,
                       f"{count} pages is odd; a printed book has two sides to every leaf: add a blank page")
    what = f"a multiple of {multiple_of}" if multiple_of else "even"
    return Finding("pages", True, f"{count} pages ({what})")


# --- images -----------------------------------------------------------------------------


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _placed_images(pdf_page_obj, resources, ctm: list[float], depth: int = 0):
    """(image, matrix) for every image drawn by a content stream, through form XObjects."""
    import pikepdf

    if depth > 8 or resources is None:
        return
    xobjects = resources.get("/XObject", {})
    stack: list[list[float]] = []
    matrix = ctm
    for instruction in pikepdf.parse_content_stream(pdf_page_obj):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(matrix)
        elif op == "Q" and stack:
            matrix = stack.pop()
        elif op == "cm":
            matrix = _multiply([float(v) for v in operands], matrix)
        elif op == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is None:
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                yield xobject, matrix
            elif subtype == "/Form":
                form_matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                yield from _placed_images(xobject, xobject.get("/Resources"), _multiply(form_matrix, matrix), depth + 1)


def _colour_space(image) -> str:
    """RGB, CMYK, grey, or another colour space's name, for the report."""
    if image.get("/ImageMask"):
        return "mask"
    return _space_name(image.get("/ColorSpace"))


def _space_name(space) -> str:
    import pikepdf

    if space is None:
        return "unknown"
    if isinstance(space, pikepdf.Array):
        family = str(space[0])
        if family == "/ICCBased":
            return {1: "grey", 3: "RGB", 4: "CMYK"}.get(int(space[1].get("/N", 3)), "ICC")
        if family == "/Indexed":
            return _space_name(space[1])  # a palette of RGB colours prints as RGB
        return family.lstrip("/")
    return {"/DeviceRGB": "RGB", "/DeviceGray": "grey", "/DeviceCMYK": "CMYK"}.get(str(space), str(space).lstrip("/"))


def _check_images(pdf) -> list[Finding]:
    import pikepdf

    low, rgb = [], []
    count = 0
    for number, page in enumerate(pdf.pages, 1):
        try:
            placed = list(_placed_images(page.obj, page.obj.get("/Resources"), [1, 0, 0, 1, 0, 0]))
        except pikepdf.PdfError:
            continue
        for image, matrix in placed:
            count += 1
            width_pt = (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5
            height_pt = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
            if width_pt <= 0 or height_pt <= 0:
                continue
            ppi = min(int(image.get("/Width", 0)) / (width_pt / 72), int(image.get("/Height", 0)) / (height_pt / 72))
            bits = int(image.get("/BitsPerComponent", 8))
            needed = MIN_PPI_BITMAP if bits == 1 or image.get("/ImageMask") else MIN_PPI
            space = _colour_space(image)
            if ppi < needed - 0.5:
                low.append(f"page {number}: {ppi:.0f} ppi ({space})")
            if space == "RGB":
                rgb.append(number)
    findings = []
    if low:
        more = f" and {len(low) - 5} more" if len(low) > 5 else ""
        findings.append(Finding("images", False, f"images below {MIN_PPI} ppi: {'; '.join(low[:5])}{more}"))
    else:
        findings.append(Finding("images", True,
                                f"{count} image(s), none below {MIN_PPI} ppi" if count else "no images"))
    if rgb:
        findings.append(Finding(
            "images", False,
            f"RGB images on {_pages(sorted(set(rgb)))}; a print shop may convert them to CMYK, and colours can shift",
            severity="note",
        ))
    return findings


def render_verdict(verdict: Verdict) -> str:
    """The short report `ficbind check` prints."""
    lines = [f"{verdict.path}: {verdict.pages} pages"]
    for finding in verdict.findings:
        mark = "ok  " if finding.ok else ("FAIL" if finding.severity == "error" else "note")
        lines.append(f"  {mark} {finding.check:<9} {finding.message}")
    problems = verdict.problems
    if problems:
        lines.append(f"not ready for print: {len(problems)} problem{'s' if len(problems) > 1 else ''}")
    else:
        lines.append("ready for print")
    return "\n".join(lines)
