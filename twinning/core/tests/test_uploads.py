"""Photos are stored without their metadata (GPS position, camera, time)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from twinning.core.uploads import reencode_image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _photo_with_gps(format="JPEG", orientation=None) -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x9003] = "2024:01:20 08:15:00"  # date taken
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (11.0, 20.0, 5.0), 3: "E", 4: (108.0, 5.0, 1.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format=format, exif=exif)
    return buffer.getvalue()


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_it_strips_the_location_and_camera_data(format):
    original = _photo_with_gps(format)
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    upload = SimpleUploadedFile(f"photo.{format.lower()}", original)
    clean, content_type = reencode_image(upload, "photo.jpeg")
    with Image.open(io.BytesIO(clean.read())) as after:
        exif = after.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x010F not in exif and 0x9003 not in exif
        assert after.format == format and after.size == (40, 20)
    assert content_type == f"image/{format.lower()}"
    assert b"PhoneMaker" not in clean.read()


def test_it_turns_the_photo_the_way_the_camera_held_it():
    upload = SimpleUploadedFile("photo.jpg", _photo_with_gps(orientation=6))  # rotated 90°
    clean, _ = reencode_image(upload)
    with Image.open(io.BytesIO(clean.read())) as after:
        assert after.size == (20, 40)
        assert ORIENTATION not in after.getexif()


def test_it_refuses_what_is_not_an_image():
    with pytest.raises(ValidationError):
        reencode_image(SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not an image"))


def test_it_refuses_a_decompression_bomb(monkeypatch):
    monkeypatch.setattr("twinning.core.uploads.MAX_PIXELS", 100)
    with pytest.raises(ValidationError):
        reencode_image(SimpleUploadedFile("photo.jpg", _photo_with_gps()))
