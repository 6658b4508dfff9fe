"""Django's admin: reference data for administrators (the role), nothing for anyone else, and no
named recipients at all (personal data is reached only through the pages that log every look)."""

import pytest
from django.urls import reverse

from twinning.activities.models import PersonalDataAccess, Recipient
from twinning.admin_site import admin_site

OTHER_ROLES = [
    "coordinator",
    "approver",
    "viewer",
    "commune_officer",
    "contributor",
    "overseer",
    "outsider",
]


def test_it_lets_the_administrator_in(client, world):
    client.force_login(world.administrator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.context["app_list"], "the administrator sees the reference data"


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_it_sends_every_other_role_to_the_admin_sign_in(client, world, role):
    client.force_login(world.users[role])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_it_refuses_every_other_role_a_reference_list(client, world, role):
    client.force_login(world.users[role])
    response = client.get("/admin/geo/adminunit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_sends_an_anonymous_visitor_to_the_admin_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_it_lets_a_superuser_in_without_a_membership(client, django_user_model, db):
    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "model", list(admin_site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_it_shows_the_administrator_every_registered_list_and_form(client, world, model):
    client.force_login(world.administrator)
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    # Some records are made elsewhere (API tokens, for one): their admin may refuse to add.
    if admin_site._registry[model].has_add_permission(response.wsgi_request):
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(url).status_code == 200, url


def test_it_does_not_register_named_recipients_or_their_access_log():
    assert not admin_site.is_registered(Recipient)
    assert not admin_site.is_registered(PersonalDataAccess)
    registered = {m._meta.model_name for m in admin_site._registry}
    assert not {name for name in registered if "recipient" in name}


def test_it_answers_404_for_the_recipients_address_even_to_the_administrator(client, world):
    client.force_login(world.administrator)
    assert client.get("/admin/activities/recipient/").status_code == 404
