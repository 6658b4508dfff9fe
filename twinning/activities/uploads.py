"""Files attached to activities: what a file really is (read from its content, never from its
name or the browser's word), the size limit, photos re-encoded without their metadata (the GPS
position a phone records), and photo thumbnails."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = (480, 480)


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    is_image: bool = False


PDF = FileType("application/pdf", ".pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
IMAGES = {
    "JPEG": FileType("image/jpeg", ".jpg", is_image=True),
    "PNG": FileType("image/png", ".png", is_image=True),
    "WEBP": FileType("image/webp", ".webp", is_image=True),
    "GIF": FileType("image/gif", ".gif", is_image=True),
}

WRONG_TYPE = _(
    "This kind of file cannot be attached. Attach a photo (JPEG, PNG, WebP or GIF), a PDF, "
    "or a Word or Excel document (.docx, .xlsx)."
)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _office_type(upload) -> FileType | None:
    """Return DOCX or XLSX if the zip file is one of them (both are zip files inside)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _image_type(upload) -> FileType | None:
    try:
        with Image.open(upload) as image:
            kind = IMAGES.get(image.format or "")
            image.verify()  # reads the whole file: a truncated or forged image fails here
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return None
    return kind


def inspect_upload(upload) -> FileType:
    """Return the type of an uploaded file, read from its content; raise ValidationError if it
    is too big or of a kind that may not be attached."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; files may be at most %(limit)s MB."),
            code="file_too_big",
            params={"size": _megabytes(upload.size), "limit": MAX_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        zipped = head.startswith(b"PK\x03\x04")  # .docx and .xlsx are zip files
        kind = _office_type(upload) if zipped else _image_type(upload)
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(WRONG_TYPE, code="file_type")
    return kind


def clean_photo(upload, file_type: FileType) -> ContentFile:
    """Return the image re-encoded with its pixels only: no EXIF (GPS position, camera serial,
    time), no XMP, no comment. Raise ValidationError if it cannot be decoded or is too large.
    The stored name is ours (a random one with the extension of what the file is)."""
    from twinning.core.uploads import reencode_image

    clean, _content_type = reencode_image(upload, name=f"upload{file_type.extension}")
    clean.name = f"upload{file_type.extension}"
    return clean


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def make_thumbnail(upload) -> ContentFile:
    """Return a JPEG thumbnail of an image, turned the way the camera held it."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=82, optimize=True)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
