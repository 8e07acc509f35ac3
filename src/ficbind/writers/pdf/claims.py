"""What a PDF claims to be, and whether it holds; and whether Ghostscript can draw it: two preflight checks.

pikepdf.Pdf -> `Claim` (the PDF/X, PDF/UA or PDF/A part its XMP metadata or
document information declares) -> the findings `ficbind check` prints about it.
The checks are those a file can fail by what it holds or lacks, read straight from
it: the output intent a standard asks for, boxes, tags, a language, a title, no
transparency for PDF/X-1a. They are not a validator (veraPDF, a print shop's
preflight profile): a file that passes here may still fail one of those, but a file
that fails here fails them too.

The render pass draws every page with Ghostscript, the interpreter under many RIPs
and preflight tools, and stops at the first error, as a RIP would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .preflight import Finding


@dataclass(frozen=True)
class Claim:
    family: str  # "x", "ua", "a"
    title: str  # "PDF/X-4", "PDF/UA-1", "PDF/A-2U"


def claims_of(pdf) -> list[Claim]:
    """The standards the file declares, in its XMP metadata or document information."""
    xmp = ""
    if "/Metadata" in pdf.Root:
        try:
            xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - unreadable metadata claims nothing
            xmp = ""
    found: list[Claim] = []
    x = re.search(r"GTS_PDFXVersion(?:>|=\")\s*(PDF/X-[^<\"]+)", xmp)
    info_x = str(pdf.trailer.get("/Info", {}).get("/GTS_PDFXVersion", "")) if "/Info" in pdf.trailer else ""
    if x or info_x:
        found.append(Claim("x", (x.group(1) if x else info_x).strip()))
    ua = re.search(r"pdfuaid:part(?:>|=\")\s*(\d)", xmp)
    if ua:
        found.append(Claim("ua", f"PDF/UA-{ua.group(1)}"))
    a = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xmp)
    if a:
        level = re.search(r"pdfaid:conformance(?:>|=\")\s*([ABUabu])", xmp)
        found.append(Claim("a", f"PDF/A-{a.group(1)}{level.group(1).upper() if level else ''}"))
    return found


def check_claims(pdf) -> list[Finding]:
    """One finding per standard claimed (none when the file claims none: that is no fault)."""
    findings = []
    for claim in claims_of(pdf):
        lacks = _lacks(pdf, claim)
        if lacks:
            findings.append(Finding("standard", False, f"claims {claim.title} but {'; '.join(lacks)}"))
        else:
            findings.append(Finding("standard", True, f"claims {claim.title}, and has {_holds(claim)}"))
    return findings


def _holds(claim: Claim) -> str:
    return {"x": "its output intent and a TrimBox on every page",
            "ua": "tags, a language and its title shown",
            "a": "its output intent"}[claim.family]


def _intent(pdf, subtype: str) -> bool:
    return any(str(intent.get("/S")) == subtype and "/DestOutputProfile" in intent
               for intent in pdf.Root.get("/OutputIntents", []))


def _lacks(pdf, claim: Claim) -> list[str]:
    lacks = []
    if claim.family == "x":
        if not _intent(pdf, "/GTS_PDFX"):
            lacks.append("it has no PDF/X output intent with a profile")
        missing = [number for number, page in enumerate(pdf.pages, 1) if "/TrimBox" not in page.obj]
        if missing:
            lacks.append(f"{len(missing)} page(s) have no TrimBox (first: page {missing[0]})")
        if claim.title.startswith("PDF/X-1") and _has_transparency(pdf):
            lacks.append("it uses transparency, which PDF/X-1a forbids")
    elif claim.family == "ua":
        if "/StructTreeRoot" not in pdf.Root:
            lacks.append("it is not tagged (no structure tree)")
        if not bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)):
            lacks.append("it is not marked as tagged (/MarkInfo)")
        if "/Lang" not in pdf.Root:
            lacks.append("it names no language")
        if not bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
            lacks.append("it does not ask viewers to show its title")
    elif claim.family == "a":
        if not _intent(pdf, "/GTS_PDFA1"):
            lacks.append("it has no PDF/A output intent with a profile")
        if pdf.is_encrypted:
            lacks.append("it is encrypted")
    return lacks


def _has_transparency(pdf) -> bool:
    for obj in pdf.objects:
        try:
            if "/SMask" in obj and str(obj.get("/SMask")) != "/None":
                return True
            if str(obj.get("/S", "")) == "/Transparency":
                return True
            if "/CA" in obj and float(obj.CA) < 1 or "/ca" in obj and float(obj.ca) < 1:
                return True
        except (TypeError, AttributeError, ValueError):
            continue
    return False


def check_rendering(path: Path) -> Finding:
    """Every page drawn by Ghostscript, which must neither fail nor complain."""
    gs = shutil.which("gs")
    if gs is None:
        return Finding("render", True, "Ghostscript is not installed, so the pages were not drawn "
                       "(install it to have them checked: Debian and Ubuntu `apt install ghostscript`, "
                       "macOS `brew install ghostscript`)", severity="note")
    try:
        result = subprocess.run([gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dPDFSTOPONERROR",
                                 "-sDEVICE=nullpage", str(path)], capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return Finding("render", False, "Ghostscript took more than ten minutes to draw the pages")
    said = [line.strip() for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if result.returncode == 0 and not said:
        return Finding("render", True, "Ghostscript draws every page without an error or warning")
    first = next((line for line in said if "rror" in line or "arning" in line), said[0] if said else "")
    return Finding("render", False, f"Ghostscript: {first.lstrip('* ') or f'exit status {result.returncode}'}")


def check_cover_wrap(path: Path, pdf) -> list[Finding]:
    """A cover wrap ficbind wrote (it records its book): its size, and the book beside it."""
    from .wrap import read_description

    info = pdf.trailer.get("/Info") if "/Info" in pdf.trailer else None
    record = read_description(str(info.get("/CoverWrap", ""))) if info is not None else None
    if record is None:
        return []
    pages, spine, width, height = record
    findings = []
    x0, y0, x1, y1 = (float(v) * 25.4 / 72 for v in pdf.pages[0].trimbox)
    expected = 2 * width + spine
    if abs((x1 - x0) - expected) > 0.1 or abs((y1 - y0) - height) > 0.1:
        findings.append(Finding("wrap", False, f"the wrap is {x1 - x0:.1f} × {y1 - y0:.1f} mm trimmed; a book of "
                                               f"{pages} pages needs {expected:.1f} × {height:.1f} mm"))
    else:
        findings.append(Finding("wrap", True, f"a cover wrap for {pages} pages: 2 × {width:g} mm + a {spine:.2f} mm "
                                              f"spine = {expected:.1f} mm by {height:g} mm"))
    book = path.with_name(path.name.removesuffix("-cover.pdf") + ".pdf")
    if path.name.endswith("-cover.pdf") and book.is_file():
        import pikepdf

        try:
            with pikepdf.open(book) as block:
                count = len(block.pages)
        except pikepdf.PdfError:
            return findings
        # The book's own PDF may open on the cover picture and its blank back: two pages
        # the book block does not have.
        if count not in (pages, pages + 2):
            findings.append(Finding("wrap", False, f"{book.name} has {count} pages but the wrap was made for "
                                                   f"{pages}; build the cover again"))
        else:
            findings.append(Finding("wrap", True, f"{book.name} has the {pages} pages the spine was made for"))
    return findings
