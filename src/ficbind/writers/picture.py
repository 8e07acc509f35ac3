"""The reader's own picture (a cover), opened once the same way for every writer, with
the errors a reader understands."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from PIL.Image import Image


@contextmanager
def opened_picture(path: Path) -> Iterator[tuple[bytes, Image]]:
    """The file's bytes and the picture, decoded in full (a truncated file fails here, not
    as a broken page at the print shop); InputError naming the file when it is not one."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        data = path.read_bytes()
        with PILImage.open(io.BytesIO(data)) as image:
            image.load()
            yield data, image
    except FileNotFoundError:
        raise InputError("no such cover image; check the path", path) from None
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InputError(f"not an image ficbind can read ({error}); use a JPEG or PNG", path) from None
