"""The PDF standards a printed book can claim, and what claiming one writes into the joined file.

`--pdf-standard NAME` -> `Standard` -> the joiner calls `claim` on the finished book.

- `x-4` (PDF/X-4, for print shops): an output intent naming the press the book is
  made for (Coated FOGRA39, offset on coated paper, the usual European default, with
  the CMYK profile shipped in `styles/icc/`), text in pure black ink (0 0 0 100, not
  an RGB black a RIP would build from four inks), pictures in a colour space with a
  profile, TrimBox and BleedBox on every page (every ficbind PDF has them), XMP
  metadata declaring the part. The parts are laid out for it (`css`).
- `ua-1` (PDF/UA-1, for screen readers): tagged (the parts' structure trees merged
  by pdf/tags.py), the title shown as the window's title, a language, links that
  describe where they go, XMP declaring the part.
- `a-2b` / `a-2u` (PDF/A-2, for archives): an sRGB output intent, XMP declaring the
  part and agreeing with the document information, every annotation printable; `u`
  also promises that every character maps to Unicode (WeasyPrint writes a ToUnicode
  map for every font).

PDF/X-1a and X-3 are not offered: both need PDF 1.3/1.4 files without object
streams and without transparency, and a book whose cover picture or fallback
emoji has an alpha channel cannot promise that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import UsageError
from ...runtime import resources

if TYPE_CHECKING:
    import pikepdf

# The shipped CMYK profile (styles/icc/README.md) and the characterisation it was made
# from, by the names a print shop's preflight looks for.
CMYK_PROFILE = "icc/FOGRA39-ficbind.icc"
CMYK_CONDITION = ("FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004), offset on coated paper")
SRGB_CONDITION = ("sRGB IEC61966-2.1", "sRGB IEC61966-2.1")
SRGB_PROFILE = "icc/sRGB.icc"
REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Standard:
    name: str  # as the user writes it: "x-4"
    title: str  # as the standard names itself: "PDF/X-4"
    family: str  # "x", "ua" or "a"
    part: int
    pdf_version: str  # the least version the standard is written on
    conformance: str = ""  # PDF/A's level: "B", "U"

    @property
    def tagged(self) -> bool:
        """Whether the parts must be laid out with their structure (tags)."""
        return self.family == "ua"

    @property
    def css(self) -> str:
        """What the parts' stylesheet adds for this standard."""
        if self.family == "x":
            # Pure black ink: an RGB black would be separated into four inks by the RIP,
            # and PDF/X-4 with a CMYK output intent does not allow DeviceRGB at all.
            return "html { color: device-cmyk(0 0 0 1); }\n"
        return ""


STANDARDS = {
    "x-4": Standard("x-4", "PDF/X-4", "x", 4, "1.6"),
    "ua-1": Standard("ua-1", "PDF/UA-1", "ua", 1, "1.7"),
    "a-2b": Standard("a-2b", "PDF/A-2b", "a", 2, "1.7", "B"),
    "a-2u": Standard("a-2u", "PDF/A-2u", "a", 2, "1.7", "U"),
}


def parse_standard(value: str | None) -> Standard | None:
    """`x-4`, `PDF/X-4`, `ua-1`, … -> the Standard; None or `none` -> None; UsageError otherwise."""
    if value is None or value.strip().lower() in ("", "none"):
        return None
    key = value.strip().lower().removeprefix("pdf/").removeprefix("pdf")
    standard = STANDARDS.get(key.lstrip("-"))
    if standard is None:
        raise UsageError(f"--pdf-standard {value!r}: choose one of {', '.join(STANDARDS)} (or none)")
    return standard


def claim(book: pikepdf.Pdf, standard: Standard | None, title: str, author: str | None, subject: str | None,
          language: str, creator: str, moment: datetime, tagged: bool) -> None:
    """Write the XMP metadata every ficbind PDF carries, and what `standard` asks of the file."""
    from pikepdf import Array, Dictionary, Name, String

    if standard is not None and standard.family == "x":
        _output_intent(book, Name.GTS_PDFX, CMYK_PROFILE, CMYK_CONDITION, components=4)
        book.trailer.Info.Trapped = Name("/False")
        book.trailer.Info.GTS_PDFXVersion = String(standard.title)
    if standard is not None and standard.family == "a":
        _output_intent(book, Name.GTS_PDFA1, SRGB_PROFILE, SRGB_CONDITION, components=3)
        for page in book.pages:
            for annotation in page.obj.get("/Annots", Array()):
                annotation.F = 4  # printable, as PDF/A asks of every annotation
    if tagged:
        book.Root.MarkInfo = Dictionary(Marked=True)
    _write_xmp(book, standard, title, author, subject, language, creator, moment)


def _output_intent(book: pikepdf.Pdf, subtype, profile_name: str, condition: tuple[str, str], components: int) -> None:
    from pikepdf import Array, Dictionary, Name, String

    profile = book.make_stream((resources.styles_dir() / profile_name).read_bytes())
    profile.N = components
    identifier, info = condition
    intent = Dictionary(Type=Name.OutputIntent, S=subtype, OutputConditionIdentifier=String(identifier),
                        OutputCondition=String(info), Info=String(info), RegistryName=String(REGISTRY),
                        DestOutputProfile=profile)
    book.Root.OutputIntents = Array([book.make_indirect(intent)])


def _write_xmp(book: pikepdf.Pdf, standard: Standard | None, title: str, author: str | None, subject: str | None,
               language: str, creator: str, moment: datetime) -> None:
    """The XMP packet, written by hand so the same book gives the same bytes (pikepdf's
    editor stamps the time of saving) and the values agree with the document information."""
    from xml.sax.saxutils import escape

    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    claims = ""
    namespaces = ""
    if standard is not None and standard.family == "x":
        namespaces += ' xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"'
        claims += f"<pdfxid:GTS_PDFXVersion>{standard.title}</pdfxid:GTS_PDFXVersion>"
    if standard is not None and standard.family == "ua":
        namespaces += ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        claims += f"<pdfuaid:part>{standard.part}</pdfuaid:part>"
    if standard is not None and standard.family == "a":
        namespaces += ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        claims += (f"<pdfaid:part>{standard.part}</pdfaid:part>"
                   f"<pdfaid:conformance>{standard.conformance}</pdfaid:conformance>")
    creators = f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    description = (f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt>'
                   "</dc:description>") if subject else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        f"{namespaces}>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"{creators}{description}<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        "<dc:format>application/pdf</dc:format>"
        f"<xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool><xmp:CreateDate>{stamp}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate><xmp:MetadataDate>{stamp}</xmp:MetadataDate>"
        "<pdf:Producer>WeasyPrint and pikepdf</pdf:Producer>"
        f"{claims}</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    from pikepdf import Name

    stream = book.make_stream(packet.encode("utf-8"))
    stream.Type, stream.Subtype = Name.Metadata, Name.XML
    book.Root.Metadata = stream
