"""No public page names a person: every recipient's name in the demo data, searched for in every
public page in every language."""

import html

import pytest
from django.conf import settings

from twinning.activities.models import Recipient
from twinning.core.formatting import format_vnd
from twinning.demo.loader import FAMILY_NAMES, STUDENT_NAMES, load_demo
from twinning.programmes.models import Programme, Twinning
from twinning.reports.queries import public_activities, public_totals

pytestmark = pytest.mark.django_db


def test_it_never_shows_a_recipient_name_on_any_public_page(client):
    """Loading the demo is slow: one test checks names and the published total."""
    load_demo()
    names = set(Recipient.objects.values_list("full_name", flat=True))
    assert set(STUDENT_NAMES) | set(FAMILY_NAMES) <= names

    pages = []
    for language, _name in settings.LANGUAGES:
        pages.append(f"/public/{language}/")
        for slug in Programme.objects.values_list("slug", flat=True):
            pages.append(f"/public/{language}/programmes/{slug}/")
        for slug in Twinning.objects.values_list("slug", flat=True):
            pages.append(f"/public/{language}/twinnings/{slug}/")
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        readable = html.unescape(text)
        for name in names:
            assert name not in readable, (address, name)
            assert html.escape(name) not in text, (address, name)

    # ...and the article's twinning shows its published total, without what is not published.
    twinning = Twinning.objects.get(slug="sct-dong-giang")
    totals = public_totals(twinning)
    hidden = twinning.activities.exclude(pk__in=public_activities(twinning).values("pk"))
    assert hidden.exists()  # the demo has unconfirmed and disputed activities

    for language, _name in settings.LANGUAGES:
        page = client.get(f"/public/{language}/twinnings/{twinning.slug}/").content.decode()
        assert format_vnd(totals.value.total, language) in page
        for activity in hidden:
            assert f'data-activity="{activity.pk}"' not in page
