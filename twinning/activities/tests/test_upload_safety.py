"""What an attachment upload stores and how it is served back: a phone photo loses its GPS
position and camera data on the way in (the stored file and its thumbnail are re-encoded), a
file named like a photo but holding a web page is refused at the field, a name that climbs out
of the media folder is not followed, and downloads come with headers that keep a browser from
running them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from twinning.activities import uploads
from twinning.activities.models import Attachment
from twinning.activities.tests.helpers import add_rows, edit_data, make_activity, sign_in

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE, DATE_TAKEN = 0x010F, 0x9003


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def phone_photo(name="nha-ong-A.jpg") -> SimpleUploadedFile:
    """A real JPEG as a phone writes it: GPS position, camera make and the time it was taken."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMakerXYZ"
    exif[DATE_TAKEN] = "2024:01:20 08:15:00"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (11.0, 20.0, 5.0), 3: "E", 4: (108.0, 5.0, 1.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 140, 60)).save(buffer, format="JPEG", exif=exif)
    content = buffer.getvalue()
    with Image.open(io.BytesIO(content)) as before:  # the photo does carry a position
        assert before.getexif().get_ifd(GPS_IFD)[1] == "N"
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def upload(client, activity, **row):
    data = add_rows(edit_data(activity), "attachments", {"kind": "photo", "caption": "", **row})
    return client.post(reverse("activities:edit", args=[activity.pk]), data)


def read_stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_a_photo_is_stored_without_its_gps_position(client, world, media):
    activity = make_activity(world)

    response = upload(sign_in(client, world.coordinator), activity, file=phone_photo())

    assert response.status_code == 302
    stored = Attachment.objects.get()
    content = (media / stored.file.name).read_bytes()  # the file on disk, read back
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and image.size == (800, 600)
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert MAKE not in exif and DATE_TAKEN not in exif
    assert b"PhoneMakerXYZ" not in content
    # What is recorded describes the stored file, not the original.
    assert stored.size == len(content)
    import hashlib

    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    thumbnail = (media / stored.thumbnail.name).read_bytes()
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    assert b"PhoneMakerXYZ" not in thumbnail


def test_the_download_is_the_clean_photo(client, world):
    activity = make_activity(world)
    upload(sign_in(client, world.coordinator), activity, file=phone_photo())

    response = client.get(reverse("activities:attachment", args=[Attachment.objects.get().pk]))

    content = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)


def test_a_web_page_named_jpg_is_refused_at_the_file_field(client, world):
    activity = make_activity(world)
    page = SimpleUploadedFile(
        "anh-trao-qua.jpg",
        b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
        content_type="image/jpeg",
    )

    response = upload(sign_in(client, world.coordinator), activity, file=page, caption="Ảnh")

    assert response.status_code == 200
    row = response.context["formsets"].attachments.forms[0]
    assert row.errors["file"] == [str(uploads.WRONG_TYPE)]
    assert row["caption"].value() == "Ảnh"  # what was typed is kept
    assert not Attachment.objects.exists()
    assert b"alert(document.cookie)" not in response.content


def test_a_photo_too_large_in_pixels_is_refused_at_the_file_field(client, world, monkeypatch):
    from twinning.core import uploads as core_uploads

    monkeypatch.setattr(core_uploads, "MAX_PIXELS", 100 * 100)
    activity = make_activity(world)

    response = upload(sign_in(client, world.coordinator), activity, file=phone_photo())

    row = response.context["formsets"].attachments.forms[0]
    assert row.errors["file"] == ["The image is too large: at most 0 megapixels."]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "name", ["../../../etc/cron.d/evil.jpg", "..\\..\\settings.py.jpg", "/etc/passwd.jpg"]
)
def test_a_name_that_climbs_out_of_the_media_folder_is_not_followed(client, world, media, name):
    activity = make_activity(world)

    response = upload(sign_in(client, world.coordinator), activity, file=phone_photo(name))

    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert stored.file.name.startswith("attachments/") and ".." not in stored.file.name
    assert stored.file.name.endswith(".jpg")
    path = (media / stored.file.name).resolve()
    assert path.is_relative_to(media.resolve()) and path.is_file()
    assert "/" not in stored.original_name  # only the last part of the name is kept, as text


def test_downloads_carry_headers_that_keep_the_browser_from_running_them(client, world):
    activity = make_activity(world)
    sign_in(client, world.coordinator)
    pdf = SimpleUploadedFile("bien-nhan.pdf", b"%PDF-1.4\n%%EOF\n")
    upload(client, activity, file=pdf, kind="receipt")
    activity.refresh_from_db()  # the next save starts from the version the first one left
    upload(client, activity, file=phone_photo())

    for attachment, disposition in [
        (Attachment.objects.get(kind="receipt"), 'inline; filename="bien-nhan.pdf"'),
        (Attachment.objects.get(kind="photo"), 'inline; filename="nha-ong-A.jpg"'),
    ]:
        response = client.get(reverse("activities:attachment", args=[attachment.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == disposition
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox;")
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["Cache-Control"].startswith("private")
        b"".join(response.streaming_content)


def test_an_office_document_is_downloaded_not_opened(client, world):
    import zipfile

    activity = make_activity(world)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    sign_in(client, world.coordinator)
    upload(
        client,
        activity,
        file=SimpleUploadedFile("bien-ban.docx", buffer.getvalue()),
        kind="minutes",
    )

    response = client.get(reverse("activities:attachment", args=[Attachment.objects.get().pk]))

    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)
