"""Vietnamese dictionary order in the database (ICU on PostgreSQL, vn_sort_key on SQLite), in
Python, and in the lists that show names."""

import random

import pytest
from django.db import connection
from django.urls import reverse

from twinning.core.text import vn_order, vn_sort_key
from twinning.organisations.models import Organisation

NAMES = ["An", "Ân", "Bình", "Đào", "Đặng", "Ê-đê"]
TONES = ["a", "à", "ả", "ã", "á", "ạ"]
# a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư
LETTERS = ["Anh", "Ăn", "Âu", "Dung", "Đông", "Em", "Êm", "Oanh", "Ôn", "Ơn", "Uyên", "Ưng"]


def shuffled(names, seed=4):
    names = list(names)
    random.Random(seed).shuffle(names)
    return names


@pytest.mark.parametrize("expected", [NAMES, TONES, LETTERS], ids=["names", "tones", "letters"])
def test_python_sorts_in_dictionary_order(expected):
    assert sorted(shuffled(expected), key=vn_sort_key) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("expected", [NAMES, TONES, LETTERS], ids=["names", "tones", "letters"])
def test_the_database_sorts_in_dictionary_order(expected):
    for name in shuffled(expected):
        Organisation.objects.create(name=name, kind="other")
    ordered = Organisation.objects.filter(name__in=expected).order_by(vn_order("name"))
    assert [o.name for o in ordered] == expected, connection.vendor
    backwards = Organisation.objects.filter(name__in=expected).order_by(
        vn_order("name", descending=True)
    )
    assert [o.name for o in backwards] == expected[::-1]


@pytest.mark.django_db
def test_plain_ordering_would_be_wrong():
    """The check above can fail: the database's own order puts Đ and Ê after the other letters."""
    for name in shuffled(NAMES):
        Organisation.objects.create(name=name, kind="other")
    plain = [o.name for o in Organisation.objects.filter(name__in=NAMES).order_by("name")]
    assert plain != NAMES


def test_the_organisation_list_is_in_dictionary_order(client, world):
    for name in shuffled(["Công ty Đặng", "Công ty Ê-đê", "Công ty Ân", "Công ty Bình"]):
        Organisation.objects.create(name=name, kind="business")
    client.force_login(world.administrator)
    html = client.get(reverse("organisations:list"), {"q": "Công ty"}).content.decode()
    positions = [
        html.find(n) for n in ["Công ty Ân", "Công ty Bình", "Công ty Đặng", "Công ty Ê-đê"]
    ]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_named_recipients_are_listed_in_dictionary_order(world):
    from twinning import access
    from twinning.activities.models import Recipient
    from twinning.activities.tests.helpers import make_activity

    activity = make_activity(world, contributions=0)
    people = ["Đặng Thị Ân", "Ê-đê Y Bình", "Bùi Văn An", "Đào Văn Ân", "Âu Thị Hoa", "An Văn Hải"]
    for name in shuffled(people):
        Recipient.objects.create(activity=activity, full_name=name, group="poor_households")
    names = [r.full_name for r in access.recipients_for(world.coordinator, activity)]
    assert names == [
        "An Văn Hải",
        "Âu Thị Hoa",
        "Bùi Văn An",
        "Đào Văn Ân",
        "Đặng Thị Ân",
        "Ê-đê Y Bình",
    ]


def test_the_overview_sorts_sponsors_in_dictionary_order(world):
    import datetime

    from twinning.geo.models import AdminUnit
    from twinning.programmes.models import Twinning
    from twinning.reports import queries

    names = ["Sở Ân", "Sở Bình", "Sở Đào", "Sở Đặng", "Sở Ê-đê"]
    for n, name in enumerate(shuffled(names)):
        unit = AdminUnit.objects.create(
            code=f"9{n}", name=f"Xã {n}", level="commune", parent=world.commune.parent
        )
        sponsor = Organisation.objects.create(name=name, kind="provincial_agency")
        committee = Organisation.objects.create(
            name=f"UBND xã {n}", kind="commune_committee", admin_unit=unit
        )
        Twinning.objects.create(
            programme=world.programme,
            sponsor=sponsor,
            partner_unit=unit,
            partner_organisation=committee,
            signed_on=datetime.date(2020, 1, 1),
        )
    twinnings = Twinning.objects.filter(sponsor__name__in=names)
    rows = queries.overview_rows(twinnings, year=2025, sort="sponsor")
    assert [r["sponsor_name"] for r in rows] == names
    rows = queries.overview_rows(twinnings, year=2025, sort="-sponsor")
    assert [r["sponsor_name"] for r in rows] == names[::-1]
