"""Checks on uploaded documents: an allowed type, a size limit, and content that matches its
extension (a script renamed report.pdf is refused). Every way in (page, API) calls these."""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

# Extension → (content type the download is served with, how its content must start).
# Office formats (docx, xlsx, pptx, odt, ods, odp) are zip archives; see _looks_like.
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml"),
    "odt": ("application/vnd.oasis.opendocument.text", "odf"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    "csv": ("text/csv", "text"),
    "txt": ("text/plain", "text"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_document_bytes() -> int:
    return int(getattr(settings, "CONSULTATION_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _looks_like(kind: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "text":
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            return exc.start >= len(head) - 3
        return True
    if kind in ("ooxml", "odf"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names if kind == "ooxml" else "mimetype" in names
    return False


def document_check(upload) -> tuple[str, str]:
    """The upload's (extension, content type) when it may be kept; ValidationError on `file` otherwise."""
    extension = _extension(upload.name)
    allowed = ", ".join(sorted(ALLOWED_TYPES))
    if extension not in ALLOWED_TYPES:
        raise ValidationError({"file": [f"The file must be one of these types: {allowed}."]})
    limit = max_document_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError({"file": [f"The file must be smaller than {limit // (1024 * 1024)} MB."]})
    if upload.size == 0:
        raise ValidationError({"file": ["The file is empty."]})
    content_type, kind = ALLOWED_TYPES[extension]
    if not _looks_like(kind, upload):
        raise ValidationError({"file": [f"The file's content is not a .{extension} file."]})
    return extension, content_type
