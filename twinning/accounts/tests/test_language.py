"""The language: from the browser, Vietnamese when nothing fits, a switcher on every page, and a
signed-in user's choice saved in their profile and used again at their next sign-in."""

import re

import pytest
from django.urls import reverse

from twinning.accounts.models import Profile
from twinning.testing import PASSWORD


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("en-US,en;q=0.9", "en"),
        ("ar-EG,ar;q=0.9,en;q=0.5", "ar"),
        ("vi-VN,vi;q=0.9", "vi"),
        ("de-DE,fr;q=0.8", "vi"),  # nothing fits: Vietnamese
        ("", "vi"),
    ],
)
def test_the_browser_chooses_the_language_and_vietnamese_is_the_fallback(client, accept, expected):
    response = client.get(reverse("accounts:login"), headers={"Accept-Language": accept})
    assert response.status_code == 200
    assert html_lang(response) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/public/en/", "/public/vi/", "/public/ar/"], ids=str
)
def test_public_pages_offer_every_language(client, url):
    html = client.get(url).content.decode()
    for code in ("vi", "en", "ar"):
        assert re.search(rf'(value|hreflang)="{code}"', html), code


def test_every_signed_in_page_has_the_switcher(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("programmes:twinning", args=[world.twinning.slug])).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert re.findall(r'<option value="(\w+)" lang=', html) == ["vi", "en", "ar"]


def test_an_anonymous_choice_sets_the_cookie_only(client, world):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ar"
    assert html_lang(client.get("/accounts/login/")) == "ar"
    assert not Profile.objects.exclude(language="").exists()


def test_a_signed_in_choice_is_saved_in_the_profile(client, world):
    client.force_login(world.viewer)
    url = reverse("programmes:twinning", args=[world.twinning.slug])
    response = client.post(reverse("set_language"), {"language": "ar", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert Profile.objects.get(user=world.viewer).language == "ar"
    assert html_lang(client.get(url)) == "ar"
    # Changing it again replaces the saved choice.
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert Profile.objects.get(user=world.viewer).language == "en"
    assert html_lang(client.get(url)) == "en"


def test_an_unknown_language_changes_nothing(client, world):
    client.force_login(world.viewer)
    Profile.objects.create(user=world.viewer, language="en")
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert Profile.objects.get(user=world.viewer).language == "en"


def test_the_saved_language_wins_at_the_next_sign_in(client, world):
    Profile.objects.create(user=world.approver, language="ar")
    # Another browser, which asks for English and even has an English cookie.
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("accounts:login"),
        {"username": "approver", "password": PASSWORD},
        headers={"Accept-Language": "en"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == world.approver
    assert html_lang(response) == "ar"
    assert 'dir="rtl"' in response.content.decode()


def test_the_switcher_needs_a_post(client):
    assert client.get(reverse("set_language")).status_code == 405
