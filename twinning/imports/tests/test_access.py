"""Who may import: the twinning's coordinators (and, for indicator values, the commune's
officers). Readers get 403, people outside the twinning 404."""

import pytest
from django.urls import reverse

from twinning.activities.models import Activity
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import (
    activity_rows,
    commit,
    latest_job,
    sign_in,
    upload,
    xlsx_bytes,
)
from twinning.organisations.models import Role

READERS = ["viewer", "approver", "overseer"]
OUTSIDERS = ["outsider", "contributor"]


def _job_urls(job):
    kwargs = {"slug": job.twinning.slug, "pk": job.pk}
    return [reverse(f"imports:{name}", kwargs=kwargs) for name in ("preview", "progress", "result")]


@pytest.fixture
def job(client, world):
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()))
    client.logout()
    return latest_job()


def test_the_coordinator_may_open_the_upload_page_and_templates(client, world):
    sign_in(client, world.coordinator)
    slug = world.twinning.slug
    assert client.get(reverse("imports:upload", kwargs={"slug": slug})).status_code == 200
    for kind in ("activities", "indicators", "organisations"):
        for file_format in ("xlsx", "csv"):
            url = reverse(
                "imports:template", kwargs={"slug": slug, "kind": kind, "file_format": file_format}
            )
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", READERS)
def test_readers_get_403_everywhere(client, world, job, name):
    sign_in(client, getattr(world, name))
    slug = world.twinning.slug
    assert client.get(reverse("imports:upload", kwargs={"slug": slug})).status_code == 403
    assert upload(client, world.twinning, xlsx_bytes(activity_rows())).status_code == 403
    url = reverse(
        "imports:template", kwargs={"slug": slug, "kind": "activities", "file_format": "xlsx"}
    )
    assert client.get(url).status_code == 403
    for url in _job_urls(job):
        assert client.get(url).status_code == 403
    assert commit(client, job).status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize("name", OUTSIDERS)
def test_people_outside_the_twinning_get_404_everywhere(client, world, job, name):
    sign_in(client, getattr(world, name))
    slug = world.twinning.slug
    assert client.get(reverse("imports:upload", kwargs={"slug": slug})).status_code == 404
    assert upload(client, world.twinning, xlsx_bytes(activity_rows())).status_code == 404
    for url in _job_urls(job):
        assert client.get(url).status_code == 404
    assert commit(client, job).status_code == 404
    assert not Activity.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world, job):
    response = client.get(reverse("imports:upload", kwargs={"slug": world.twinning.slug}))
    assert response.status_code == 302 and "/login/" in response.url
    assert commit(client, job).status_code == 302
    assert not Activity.objects.exists()


def test_another_coordinator_cannot_see_or_commit_someone_elses_import(client, world, job):
    colleague = world.make_user("colleague", world.sponsor, Role.COORDINATOR)
    sign_in(client, colleague)
    for url in _job_urls(job):
        assert client.get(url).status_code == 404
    assert commit(client, job).status_code == 404


def test_the_commune_officer_may_import_indicator_values_only(client, world):
    sign_in(client, world.commune_officer)
    slug = world.twinning.slug
    page = client.get(reverse("imports:upload", kwargs={"slug": slug}))
    assert page.status_code == 200
    assert 'value="indicators"' in page.text and 'value="activities"' not in page.text
    response = upload(client, world.twinning, xlsx_bytes(activity_rows()))
    assert response.status_code == 200  # the form refuses the kind
    assert not ImportJob.objects.exists()
    url = reverse(
        "imports:template", kwargs={"slug": slug, "kind": "activities", "file_format": "csv"}
    )
    assert client.get(url).status_code == 404


def test_the_commit_rechecks_the_rights(client, world):
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()))
    job = latest_job()
    world.coordinator.memberships.update(role=Role.VIEWER)
    assert commit(client, job).status_code == 403
    assert not Activity.objects.exists()
