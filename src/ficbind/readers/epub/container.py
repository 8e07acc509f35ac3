"""Open an EPUB's zip safely: bytes -> a `Container` whose members are read in memory.

An EPUB is a zip, and a zip from the internet may be hostile: a "zip bomb" that
inflates a few kilobytes into gigabytes, member names such as `../../.bashrc` or
`/etc/passwd` meant for a careless extractor, a file cut short by a failed download.
Nothing is ever extracted to disk here; members are inflated in memory, in pieces,
and never past the limits below, whatever sizes the archive claims. A book locked
with DRM is refused up front: its chapters would read as noise.

Every refusal is an `InputError` naming the file and what to do.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from ...errors import InputError
from .. import describe_size

EPUB_MIMETYPE = b"application/epub+zip"
_DOWNLOAD_AGAIN = "download it again, or save the story from the site another way"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much an EPUB may hold. A fic of four million words is some 25 MB of XHTML,
    and fan art a few MB a picture; anything beyond these is not a story download."""

    max_members: int = 5_000
    max_member_bytes: int = 64_000_000
    max_total_bytes: int = 256_000_000
    # Text compresses 3 to 10 times, pictures barely; a member inflating more than
    # 100 times (once past a size where the ratio means anything) is a bomb.
    max_ratio: int = 100
    ratio_from_bytes: int = 1_000_000


DEFAULT_LIMITS = Limits()

# A member name no honest EPUB has: absolute, a drive letter, a parent-folder step,
# a backslash (Windows separators that become `..\` on extraction), a NUL.
_HOSTILE_NAME = re.compile(r"^(?:/|[A-Za-z]:)|(?:^|/)\.\.(?:/|$)|[\\\x00]")
# Files only DRM schemes put in META-INF: Adobe ADEPT's rights, Apple FairPlay's keys.
_DRM_FILES = {"meta-inf/rights.xml": "Adobe DRM", "meta-inf/sinf.xml": "Apple FairPlay DRM"}
# Font obfuscation (IDPF's and Adobe's) is not DRM: it only scrambles embedded fonts.
_FONT_OBFUSCATION = (b"http://www.idpf.org/2008/embedding", b"http://ns.adobe.com/pdf/enc#RC")


class Container:
    """The members of an EPUB's zip, read on demand within `Limits`."""

    def __init__(self, data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise InputError(
                f"the EPUB is damaged or cut short (not a complete zip archive); {_DOWNLOAD_AGAIN}", path
            ) from None
        if len(infos) > limits.max_members:
            raise InputError(
                f"the EPUB holds {len(infos):,} files, more than the {limits.max_members:,} a story download has; "
                "check that this is the story you meant", path)
        total = 0
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if _HOSTILE_NAME.search(info.filename):
                raise InputError(
                    f"the EPUB holds a file named {info.filename!r}, which points outside the book "
                    f"(a sign of a tampered archive); {_DOWNLOAD_AGAIN}", path)
            self._check_size(info)
            total += info.file_size
            if total > limits.max_total_bytes:
                raise InputError(
                    f"the EPUB would unpack to more than {describe_size(limits.max_total_bytes)} "
                    f"(a \"zip bomb\", or not a story download); {_DOWNLOAD_AGAIN}", path)
            if not info.is_dir():
                self._members.setdefault(info.filename, info)
        self._refuse_drm()

    def _check_size(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        if info.file_size > limits.max_member_bytes:
            raise InputError(
                f"{info.filename} inside the EPUB would unpack to {describe_size(info.file_size)}, over the "
                f"{describe_size(limits.max_member_bytes)} limit for one file; {_DOWNLOAD_AGAIN}", self.path)
        if info.file_size > limits.ratio_from_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise InputError(
                f"{info.filename} inside the EPUB would inflate {info.file_size // max(info.compress_size, 1):,} "
                f"times (a \"zip bomb\"); {_DOWNLOAD_AGAIN}", self.path)

    def _refuse_drm(self) -> None:
        lower = {name.lower(): name for name in self._members}
        for name, scheme in _DRM_FILES.items():
            if name in lower:
                raise _drm(self.path, f"{scheme}: {lower[name]}")
        if "meta-inf/encryption.xml" in lower:
            encryption = self.read(lower["meta-inf/encryption.xml"])
            # Each EncryptedData names its algorithm; anything but font obfuscation
            # encrypts the book's own text.
            methods = re.findall(rb"<(?:\w+:)?EncryptionMethod[^>]*Algorithm\s*=\s*[\"']([^\"']*)", encryption)
            if any(method not in _FONT_OBFUSCATION for method in methods) or (
                not methods and b"EncryptedData" in encryption
            ):
                raise _drm(self.path, "META-INF/encryption.xml encrypts its chapters")

    def size_of(self, name: str) -> int:
        """How large a member says it is, unpacked."""
        return self._members[name].file_size

    def names(self) -> list[str]:
        return list(self._members)

    def __contains__(self, name: str) -> bool:
        return name in self._members

    def read(self, name: str) -> bytes:
        """One member's bytes, inflated in pieces and never past the limits."""
        info = self._members.get(name)
        if info is None:
            raise InputError(f"the EPUB has no {name}, which its own contents list names; {_DOWNLOAD_AGAIN}",
                             self.path)
        limit = min(info.file_size, self.limits.max_member_bytes)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(1 << 20):
                    size += len(chunk)
                    if size > limit:  # zipfile stops at the declared size; this is belt and braces
                        raise InputError(f"{name} inside the EPUB is larger than it claims; {_DOWNLOAD_AGAIN}",
                                         self.path)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError) as error:
            what = "is password-protected" if isinstance(error, RuntimeError) else "is damaged (it does not unpack)"
            if isinstance(error, NotImplementedError):
                what = "is packed in a way ficbind cannot unpack"
            raise InputError(f"{name} inside the EPUB {what}; {_DOWNLOAD_AGAIN}", self.path) from None
        return b"".join(chunks)

    def mimetype(self) -> bytes:
        return self.read("mimetype").strip() if "mimetype" in self._members else b""


def _drm(path: str, why: str) -> InputError:
    return InputError(
        f"this EPUB is locked with DRM ({why}) and cannot be read; download a DRM-free copy "
        "(AO3's own EPUB, FanFicFare, or the story's HTML)", path)


def resolve_href(base: str, href: str) -> str | None:
    """The member an href in `base` (a member name) points to, or None when it points
    outside the book (another site, a `../` past the root, a `file:` URL)."""
    href = href.split("#", 1)[0].strip()
    if not href or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) or href.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(href)))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return joined


def looks_like_epub(data: bytes) -> bool:
    """Whether bytes are an EPUB's zip: OCF puts an uncompressed `mimetype` member first,
    and its text is readable at byte 38; a zip that puts it elsewhere is looked into."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    if data[30:38] == b"mimetype" and data[38:38 + len(EPUB_MIMETYPE)] == EPUB_MIMETYPE:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return False
            return archive.read(info).strip() == EPUB_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, NotImplementedError):
        return False
