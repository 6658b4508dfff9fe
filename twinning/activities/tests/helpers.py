"""What the activity views' tests share: a recorded activity, and the form data a browser sends."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from twinning.activities.forms import ActivityForm, ActivityFormsets, ContributorOptions
from twinning.activities.models import Activity, Contribution

TET_2021 = datetime.date(2021, 2, 5)


def sign_in(client, user, language: str = "en"):
    """Sign the test client in as `user`, reading pages in `language`."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def make_activity(world, contributions: int = 1, **fields) -> Activity:
    """Return an activity of the world's twinning with `contributions` rows of masks."""
    fields = {
        "twinning": world.twinning,
        "category": "health",
        "title": "Tặng khẩu trang phòng dịch",
        "start_date": datetime.date(2020, 4, 10),
        "place": "Thôn 1",
        **fields,
    }
    activity = Activity.objects.create(**fields)
    for n in range(contributions):
        Contribution.objects.create(
            activity=activity,
            contributor=world.sponsor,
            origin="direct",
            kind="in_kind",
            item=f"khẩu trang vải {n + 1}",
            quantity=Decimal(600),
            unit="chiếc",
            unit_value_vnd=8_000,
            value_vnd=4_800_000,
        )
    return activity


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


SECTION_NAMES = ("contributions", "outputs", "beneficiaries", "recipients", "attachments")


def new_activity_data(**fields) -> dict[str, str]:
    """Return the form a coordinator sends for a new activity with no rows."""
    data = {
        "category": "health",
        "title": "Tặng khẩu trang phòng dịch COVID-19",
        "start_date": "10/04/2020",
        "date_precision": "day",
        "status": "done",
        "place": "UBND xã",
        "occasion": "epidemic",
        **{k: str(v) for k, v in fields.items()},
    }
    for prefix in SECTION_NAMES:
        data.update(management(prefix, 0))
    return data


def add_rows(data: dict[str, str], prefix: str, *rows: dict) -> dict[str, str]:
    """Append new rows to a section of the form data, numbered after those already there."""
    start = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{start + offset}-{name}"] = (
                value if hasattr(value, "read") else str(value)
            )
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    return data


def _submitted(form) -> dict[str, str]:
    """Return what a browser submits for a form as the page shows it."""
    data = {}
    for bound in form:
        value = bound.value()
        if bound.widget_type == "checkbox":
            if value:
                data[bound.html_name] = "on"
            continue
        if bound.widget_type == "file":
            continue
        if bound.widget_type == "select":
            data[bound.html_name] = "" if value is None else str(value)
            continue
        value = bound.field.widget.format_value(value)
        data[bound.html_name] = "" if value is None else str(value)
    return data


def edit_data(activity: Activity, *, can_see_recipients: bool = True) -> dict[str, str]:
    """Return the edit form of a stored activity as the browser would send it back unchanged."""
    form = ActivityForm(instance=activity, twinning=activity.twinning)
    formsets = ActivityFormsets.build(
        activity,
        ContributorOptions.for_twinning(activity.twinning),
        recipients=list(activity.recipients.all()) if can_see_recipients else None,
    )
    data = _submitted(form)
    for _section, formset in formsets.sections():
        for name, value in _submitted(formset.management_form).items():
            data[name] = value
        for row in formset:
            data.update(_submitted(row))
    return data
