"""Files attached through the activity form (type read from the content, 10 MB at most, photo
thumbnails) and served only through views that check access (activities:attachment,
activities:thumbnail)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from twinning.activities import uploads
from twinning.activities.models import Activity, Attachment
from twinning.activities.tests.helpers import add_rows, edit_data, make_activity, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def activity(world) -> Activity:
    return make_activity(world)


def photo(name="trao-qua.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def docx() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile("bien-ban.docx", buffer.getvalue())


def upload(client, activity, **row):
    data = add_rows(edit_data(activity), "attachments", {"kind": "photo", "caption": "", **row})
    return client.post(reverse("activities:edit", args=[activity.pk]), data)


def test_it_stores_a_photo_with_its_thumbnail(client, world, activity):
    response = upload(
        sign_in(client, world.coordinator), activity, file=photo(), caption="Trao quà"
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    assert attachment.original_name == "trao-qua.jpg"
    assert attachment.uploaded_by == world.coordinator
    assert attachment.file.name.endswith(".jpg")
    assert len(attachment.sha256) == 64
    with Image.open(attachment.thumbnail) as thumbnail:
        assert max(thumbnail.size) <= uploads.THUMBNAIL_SIZE[0]


def test_it_takes_minutes_as_a_word_document(client, world, activity):
    response = upload(sign_in(client, world.coordinator), activity, file=docx(), kind="minutes")

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type.endswith("wordprocessingml.document")
    assert not attachment.thumbnail


def test_it_takes_a_pdf_receipt(client, world, activity):
    receipt = SimpleUploadedFile("hoa-don.pdf", b"%PDF-1.4\n%%EOF\n")

    upload(sign_in(client, world.coordinator), activity, file=receipt, kind="receipt")

    assert Attachment.objects.get().content_type == "application/pdf"


def test_it_refuses_a_file_whose_content_is_not_what_it_claims(client, world, activity):
    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")

    response = upload(sign_in(client, world.coordinator), activity, file=fake)

    assert response.status_code == 200
    row = response.context["formsets"].attachments.forms[0]
    assert row.errors["file"] == [str(uploads.WRONG_TYPE)]
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_over_10_mb(client, world, activity):
    big = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * uploads.MAX_BYTES)

    response = upload(sign_in(client, world.coordinator), activity, file=big, kind="report")

    row = response.context["formsets"].attachments.forms[0]
    assert row.errors["file"] == ["The file is 10.0 MB; files may be at most 10 MB."]
    assert not Attachment.objects.exists()


def test_it_refuses_a_document_filed_as_a_photo(client, world, activity):
    response = upload(sign_in(client, world.coordinator), activity, file=docx(), kind="photo")

    row = response.context["formsets"].attachments.forms[0]
    assert "not a photo" in row.errors["kind"][0]


def test_it_removes_an_attachment_and_its_files(
    client, world, activity, media, django_capture_on_commit_callbacks
):
    upload(sign_in(client, world.coordinator), activity, file=photo())
    stored = Attachment.objects.get()
    paths = [media / stored.file.name, media / stored.thumbnail.name]
    data = edit_data(Activity.objects.get(pk=activity.pk))
    data["attachments-0-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:edit", args=[activity.pk]), data)

    assert not Attachment.objects.exists()
    assert not any(path.exists() for path in paths)


@pytest.fixture
def stored_photo(client, world, activity) -> Attachment:
    upload(sign_in(client, world.coordinator), activity, file=photo())
    client.logout()
    return Attachment.objects.get()


@pytest.mark.parametrize("role", ["viewer", "commune_officer", "overseer"])
def test_it_serves_the_file_to_those_who_may_see_the_activity(client, world, stored_photo, role):
    response = sign_in(client, getattr(world, role)).get(
        reverse("activities:attachment", args=[stored_photo.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_it_serves_the_thumbnail(client, world, stored_photo):
    response = sign_in(client, world.viewer).get(
        reverse("activities:thumbnail", args=[stored_photo.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_it_hides_files_from_another_organisation(client, world, stored_photo):
    sign_in(client, world.outsider)

    assert client.get(reverse("activities:attachment", args=[stored_photo.pk])).status_code == 404
    assert client.get(reverse("activities:thumbnail", args=[stored_photo.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, stored_photo):
    response = client.get(reverse("activities:attachment", args=[stored_photo.pk]))

    assert response.status_code == 302
