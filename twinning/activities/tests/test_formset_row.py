"""activities:formset_row — one blank row of the activity form, added in place by HTMX."""

import pytest
from django.urls import reverse

from twinning.activities.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def url(world, section):
    return reverse("activities:formset_row", args=[world.twinning.slug, section])


def test_it_returns_the_next_row_and_the_new_row_count(client, world):
    response = sign_in(client, world.coordinator).get(
        url(world, "contributions"),
        {"contributions-TOTAL_FORMS": "2"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="contributions-2-item"' in page
    assert 'name="contributions-2-DELETE"' in page
    assert 'id="id_contributions-TOTAL_FORMS" hx-swap-oob="true"' in page
    assert 'name="contributions-TOTAL_FORMS" value="3"' in page
    assert world.business.name in page  # the contributor choices


@pytest.mark.parametrize("section", ["outputs", "beneficiaries", "recipients", "attachments"])
def test_it_returns_rows_of_every_section(client, world, section):
    response = sign_in(client, world.coordinator).get(url(world, section))

    assert f'name="{section}-0-' in response.content.decode()


def test_it_knows_only_the_form_sections(client, world):
    assert sign_in(client, world.coordinator).get(url(world, "users")).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "approver", "commune_officer", "overseer"])
def test_it_refuses_roles_that_do_not_edit(client, world, role):
    assert sign_in(client, getattr(world, role)).get(url(world, "outputs")).status_code == 403


def test_it_hides_the_twinning_from_another_organisation(client, world):
    assert sign_in(client, world.outsider).get(url(world, "outputs")).status_code == 404
