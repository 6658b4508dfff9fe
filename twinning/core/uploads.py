"""Re-encode uploaded photos so that what is stored carries no metadata: a phone's photo holds
the GPS position where it was taken (often a recipient's home), the camera's serial number and
the time. Decoding and encoding again keeps only the pixels (and the colour profile), turned the
way the camera held it.

The file type itself is read from the content by twinning/activities/uploads.py (inspect_upload);
this module only rewrites an image that check has accepted.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A photo of 40 megapixels is more than any phone takes; beyond that it is a decompression bomb
# (a small file that expands to gigabytes in memory).
MAX_PIXELS = 40_000_000

_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def reencode_image(upload, name: str = "image") -> tuple[ContentFile, str]:
    """Return (the image re-encoded without metadata, its content type); raise ValidationError
    if it is not an image Pillow can read or is too large."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format or ""
            if kind not in _SAVE_OPTIONS:
                raise ValidationError(_("This image format cannot be stored."), code="file_type")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("The image is too large: at most %(megapixels)s megapixels."),
                    code="image_too_large",
                    params={"megapixels": MAX_PIXELS // 1_000_000},
                )
            icc_profile = image.info.get("icc_profile")
            if kind == "GIF" and getattr(image, "is_animated", False):
                frames = [frame.copy() for frame in _frames(image)]
                buffer = io.BytesIO()
                frames[0].save(
                    buffer,
                    format="GIF",
                    save_all=True,
                    append_images=frames[1:],
                    loop=image.info.get("loop", 0),
                    duration=image.info.get("duration", 100),
                )
            else:
                clean = ImageOps.exif_transpose(image)  # apply the orientation, then drop EXIF
                clean = _without_metadata(clean, kind)
                options = dict(_SAVE_OPTIONS[kind])
                if icc_profile and kind in {"JPEG", "PNG", "WEBP"}:
                    options["icc_profile"] = icc_profile
                buffer = io.BytesIO()
                clean.save(buffer, format=kind, **options)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("This file is not an image that can be read."), code="file_type"
        ) from exc
    finally:
        upload.seek(0)
    extension = {"JPEG": "jpg"}.get(kind, kind.lower())
    stem = name.rsplit(".", 1)[0] or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{extension}"), CONTENT_TYPES[kind]


def _frames(image):
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        yield image


def _without_metadata(image: Image.Image, kind: str) -> Image.Image:
    """Return a copy holding the pixels only (no EXIF, XMP, text chunks or comments)."""
    if kind == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    pixels = Image.new(image.mode, image.size)
    pixels.paste(image)
    if image.mode == "P":
        pixels.putpalette(image.getpalette())
        if "transparency" in image.info:
            pixels.info["transparency"] = image.info["transparency"]
    return pixels
