"""activities:create — a coordinator records a new activity with its rows, in one form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from twinning.activities.models import Activity, Contribution, Output
from twinning.activities.tests.helpers import add_rows, new_activity_data, sign_in
from twinning.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("activities:create", args=[world.twinning.slug])


def masks(contributor, quantity, **fields):
    return {
        "contributor": contributor.pk if contributor else "",
        "kind": "in_kind",
        "item": "Khẩu trang vải kháng khuẩn",
        "quantity": quantity,
        "unit": "chiếc",
        "unit_value_vnd": "8.000",
        "status": "delivered",
        **fields,
    }


def test_it_shows_the_form_to_the_coordinator(client, world):
    response = sign_in(client, world.coordinator).get(url(world))
    assert response.status_code == 200
    assert b'name="contributions-TOTAL_FORMS"' in response.content
    assert b'name="recipients-TOTAL_FORMS"' in response.content


def test_it_records_the_masks_given_directly_and_mobilised(client, world):
    data = new_activity_data()
    add_rows(
        data,
        "contributions",
        masks(world.sponsor, "600", value_vnd="4.800.000"),
        masks(world.business, "1.500"),
    )
    add_rows(data, "outputs", {"quantity": "2.100", "unit": "chiếc", "description": "khẩu trang"})
    add_rows(data, "beneficiaries", {"group": "residents", "count": "900", "women": "450"})

    # As a Vietnamese user types it: "1.500" is fifteen hundred.
    response = sign_in(client, world.coordinator, language="vi").post(url(world), data)

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert activity.created_by == world.coordinator
    direct, mobilised = Contribution.objects.order_by("pk")
    assert (direct.contributor, direct.origin) == (world.sponsor, "direct")
    assert (direct.quantity, direct.unit_value_vnd, direct.value_vnd) == (600, 8_000, 4_800_000)
    assert (mobilised.contributor, mobilised.origin) == (world.business, "mobilised")
    assert mobilised.value_vnd == 12_000_000  # filled from 1,500 × 8,000
    assert Output.objects.get().quantity == Decimal(2100)
    assert activity.beneficiaries.get().women == 450


def test_it_refuses_a_value_that_is_not_quantity_times_unit_value(client, world):
    data = add_rows(
        new_activity_data(), "contributions", masks(world.sponsor, "600", value_vnd="5.000.000")
    )

    response = sign_in(client, world.coordinator).post(url(world), data)

    assert response.status_code == 200
    row = response.context["formsets"].contributions.forms[0]
    assert row.errors["value_vnd"] == [
        "The value must equal the quantity times the unit value (4,800,000)."
    ]
    assert list(row.errors) == ["value_vnd"]
    assert b'id="id_contributions-0-value_vnd-error"' in response.content
    assert not Activity.objects.exists()
    assert not Contribution.objects.exists()


def test_it_keeps_what_was_typed_when_a_field_is_wrong(client, world):
    data = add_rows(new_activity_data(title=""), "contributions", masks(world.business, "1.500"))

    response = sign_in(client, world.coordinator).post(url(world), data)

    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert b'value="1.500"' in response.content
    assert "Khẩu trang vải kháng khuẩn" in response.content.decode()


def test_it_creates_a_business_typed_in_the_form(client, world):
    data = add_rows(
        new_activity_data(),
        "contributions",
        masks(
            None,
            "300",
            new_contributor_name="Công ty CP Điện Mặt Trời",
            new_contributor_tax_code="3400000002",
        ),
    )

    response = sign_in(client, world.coordinator).post(url(world), data)

    assert response.status_code == 302
    business = Organisation.objects.get(tax_code="3400000002")
    assert (business.name, business.kind) == ("Công ty CP Điện Mặt Trời", "business")
    contribution = Contribution.objects.get()
    assert (contribution.contributor, contribution.origin) == (business, "mobilised")


def test_it_refuses_a_new_business_whose_tax_code_is_taken(client, world):
    data = add_rows(
        new_activity_data(),
        "contributions",
        masks(
            None,
            "300",
            new_contributor_name="Ánh Dương",
            new_contributor_tax_code=world.business.tax_code,
        ),
    )

    response = sign_in(client, world.coordinator).post(url(world), data)

    row = response.context["formsets"].contributions.forms[0]
    assert "already has this tax code" in row.errors["new_contributor_tax_code"][0]
    assert not Activity.objects.exists()


def test_it_asks_who_gave_a_contribution(client, world):
    data = add_rows(new_activity_data(), "contributions", masks(None, "1"))

    response = sign_in(client, world.coordinator).post(url(world), data)

    row = response.context["formsets"].contributions.forms[0]
    assert "Choose who gave it" in row.errors["contributor"][0]


def test_it_reads_dates_day_first_in_vietnamese(client, world):
    data = new_activity_data(start_date="05/03/2020")

    sign_in(client, world.coordinator, language="vi").post(url(world), data)

    assert Activity.objects.get().start_date.isoformat() == "2020-03-05"


def test_it_skips_rows_added_but_left_empty(client, world):
    data = add_rows(
        new_activity_data(), "contributions", {"contributor": "", "status": "delivered"}
    )

    response = sign_in(client, world.coordinator).post(url(world), data)

    assert response.status_code == 302
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "approver", "commune_officer", "overseer"])
def test_it_refuses_roles_that_do_not_record_activities(client, world, role):
    sign_in(client, getattr(world, role))
    assert client.get(url(world)).status_code == 403
    assert client.post(url(world), new_activity_data()).status_code == 403
    assert not Activity.objects.exists()


def test_it_hides_the_twinning_from_another_organisation(client, world):
    sign_in(client, world.outsider)
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), new_activity_data()).status_code == 404
    assert not Activity.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get(url(world))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_it_points_to_the_list_when_a_new_business_is_already_there(client, world):
    data = add_rows(
        new_activity_data(),
        "contributions",
        masks(None, "300", new_contributor_name="công ty tnhh ánh dương"),
    )

    response = sign_in(client, world.coordinator).post(url(world), data)

    row = response.context["formsets"].contributions.forms[0]
    assert row.errors["new_contributor_name"] == [
        "Công ty TNHH Ánh Dương is already in the list: choose it there."
    ]
    assert 'class="mt-1 small" open' in response.content.decode()


def test_it_keeps_the_form_when_the_year_is_locked(client, world):
    locking = pytest.importorskip("twinning.locks.locking")
    locking.lock_year(world.twinning, 2020, world.approver)
    data = add_rows(new_activity_data(), "contributions", masks(world.sponsor, "600"))

    response = sign_in(client, world.coordinator).post(url(world), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["activity"].pk is None
    assert "Tặng khẩu trang phòng dịch COVID-19" in response.content.decode()
    assert not Activity.objects.exists()
    assert not Contribution.objects.exists()
