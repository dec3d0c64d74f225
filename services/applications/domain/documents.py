"""Uploaded documents: content sniffing and safe file names. Pure.

The kinds of document are the contract's ``shared.events.catalog.DocumentKind``.
"""

from __future__ import annotations

import re
import unicodedata

from shared.errors import Invalid, Unsupported

# content type -> the magic bytes a file of that type starts with
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
# Enough of the head of a file to recognise every signature above.
HEAD_BYTES = 16


def sniff(head: bytes) -> str | None:
    """The content type the bytes really are (PDF, PNG, JPEG), or None."""
    for content_type, magics in SIGNATURES.items():
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


def checked_content_type(declared: str | None, head: bytes) -> str:
    """The content type of an upload, found in its first bytes; refused when it is not PDF,
    PNG or JPEG, or not what the client declared."""
    actual = sniff(head)
    if actual is None:
        raise Unsupported(
            "document.unsupported_type", "only PDF, PNG or JPEG files are accepted (checked on the content)", "file"
        )
    base = (declared or "").split(";", 1)[0].strip().lower()
    if base == "image/jpg":
        base = "image/jpeg"
    if base != actual:
        raise Invalid(
            "document.type_mismatch",
            f"declared content type {base or 'none'} does not match the content, which is {actual}",
            "file",
        )
    return actual


_UNSAFE = re.compile(r"[^\w.\- ()]+")


# the file name endings each checked type may keep; any other ending gets the type's own added
EXTENSIONS = {"application/pdf": (".pdf",), "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}


def sanitise_filename(name: str | None, fallback: str = "document", content_type: str | None = None) -> str:
    """A display name without paths, control characters or leading dots (max 255 chars),
    ending as its ``content_type`` (checked on the content) is named: "cv.html" of a PDF
    becomes "cv.html.pdf". A reviewer saves the download under this name, and the system
    opens a saved file by its ending: a PDF named .html or .exe would open as one."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]  # drop any directory part
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    while ".." in name:
        name = name.replace("..", ".")
    name = name or fallback
    endings = EXTENSIONS.get(content_type or "")
    if endings and not name.lower().endswith(endings):
        return name[: 255 - len(endings[0])] + endings[0]
    return name[:255]
