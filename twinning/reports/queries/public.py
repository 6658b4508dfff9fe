"""The public pages and the open-data export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    Max,
    QuerySet,
    Sum,
)

from twinning.activities.models import (
    Activity,
    Attachment,
    BeneficiaryCount,
    BeneficiaryGroup,
    Contribution,
)
from twinning.core.choices import Category
from twinning.reports.queries.common import CANCELLED, DELIVERED, ValueSplit
from twinning.reports.queries.totals import BeneficiaryRow, Totals, activity_totals

# ---------------------------------------------------------------------------------------------
# The public pages and the open-data export: only what the commune confirmed and the coordinator
# published, and never a named person (recipients are not read here, except to blank out a name
# that someone typed into a public text by mistake).


def public_activities(twinnings) -> QuerySet:
    """Return the activities the public may see in the given twinnings (a queryset, a list or
    one twinning): published (which the database allows only once confirmed by the commune),
    confirmed, and not cancelled."""
    if not isinstance(twinnings, (QuerySet, list, tuple, set)):
        twinnings = [twinnings]
    return (
        Activity.objects.published()
        .filter(twinning__in=twinnings)
        .exclude(status=CANCELLED)
        .order_by()
    )


def public_totals(twinning) -> Totals:
    """Return the totals of the twinning's public activities (3 queries)."""
    return activity_totals(public_activities(twinning))


@dataclass
class PublicTwinningRow:
    twinning: object
    activities: int = 0
    value: ValueSplit = field(default_factory=ValueSplit)
    beneficiaries: int = 0
    first_year: int | None = None
    last_year: int | None = None


def public_programme_rows(twinnings: QuerySet) -> list[PublicTwinningRow]:
    """Return one row per twinning with the totals of its public activities (4 queries)."""
    from django.db.models import Min

    twinnings = list(twinnings.select_related("sponsor", "partner_unit"))
    rows = {t.pk: PublicTwinningRow(t) for t in twinnings}
    activities = public_activities(twinnings)
    for group in activities.values("twinning").annotate(
        n=Count("pk"), first=Min("start_date"), last=Max("start_date")
    ):
        row = rows[group["twinning"]]
        row.activities = group["n"]
        row.first_year, row.last_year = group["first"].year, group["last"].year
    for group in (
        Contribution.objects.filter(activity__in=activities.values("pk"), status=DELIVERED)
        .order_by()
        .values("origin", "kind", twinning=F("activity__twinning"))
        .annotate(total=Sum("value_vnd"))
    ):
        rows[group["twinning"]].value.add(group["origin"], group["kind"], group["total"] or 0)
    for group in (
        BeneficiaryCount.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values(twinning=F("activity__twinning"))
        .annotate(total=Sum("count"))
    ):
        rows[group["twinning"]].beneficiaries = group["total"] or 0
    return [rows[t.pk] for t in twinnings]


@dataclass
class PublicContributor:
    name: str
    kind: str  # the organisation's kind (business, agency...)
    contributions: int
    value_vnd: int


def public_contributors(activities: QuerySet) -> list[PublicContributor]:
    """Return the organisations that gave to the activities, largest delivered value first
    (1 query). Pass `public_activities(...)`."""
    rows = (
        Contribution.objects.filter(activity__in=activities.values("pk"), status=DELIVERED)
        .order_by()
        .values(name=F("contributor__name"), org_kind=F("contributor__kind"))
        .annotate(n=Count("pk"), total=Sum("value_vnd"))
    )
    return sorted(
        (PublicContributor(r["name"], r["org_kind"], r["n"], r["total"] or 0) for r in rows),
        key=lambda row: (-row.value_vnd, row.name),
    )


@dataclass
class PublicGift:
    contributor: str
    kind: str
    kind_label: str
    item: str
    quantity: Decimal | None
    unit: str
    value_vnd: int


@dataclass
class PublicActivity:
    pk: int
    title: str
    category: str
    category_label: str
    start_date: datetime.date
    date_precision: str
    place: str
    occasion: str
    occasion_label: str
    gifts: list[PublicGift] = field(default_factory=list)
    beneficiaries: list[BeneficiaryRow] = field(default_factory=list)
    photos: list[Attachment] = field(default_factory=list)

    @property
    def value_vnd(self) -> int:
        return sum(gift.value_vnd for gift in self.gifts)

    @property
    def year(self) -> int:
        return self.start_date.year


def public_photos(activities: QuerySet) -> QuerySet:
    """Return the photos marked public of the given (public) activities."""
    return Attachment.objects.filter(
        activity__in=activities.values("pk"), kind=Attachment.Kind.PHOTO, is_public=True
    ).order_by("pk")


def _name_blanker(activities: QuerySet):
    """Return a function that blanks out any recipient's name found in a public text: names
    belong in the recipients' list, but a title typed by hand may repeat one."""
    from twinning.activities.models import Recipient

    names = sorted(
        {
            name.strip()
            for name in Recipient.objects.filter(
                activity__twinning__in=activities.values("twinning")
            )
            .order_by()
            .values_list("full_name", flat=True)
            if len(name.strip()) >= 3
        },
        key=len,
        reverse=True,
    )

    def blank(text: str) -> str:
        for name in names:
            if name in text:
                text = text.replace(name, "…")
        return text

    return blank


def public_timeline(activities: QuerySet) -> list[PublicActivity]:
    """Return the public activities, newest first, each with what was given (by which
    organisation), the beneficiary groups (counts only) and its public photos (5 queries).
    Descriptions, notes and recipients are left out: they may name people."""
    from twinning.activities.models import Occasion

    categories = dict(Category.choices)
    occasions = dict(Occasion.choices)
    kinds = dict(Contribution.Kind.choices)
    groups = dict(BeneficiaryGroup.choices)
    blank = _name_blanker(activities)
    rows: dict[int, PublicActivity] = {}
    for activity in activities.select_related("place_unit").order_by("-start_date", "-pk"):
        place = activity.place or (str(activity.place_unit) if activity.place_unit else "")
        rows[activity.pk] = PublicActivity(
            pk=activity.pk,
            title=blank(activity.title),
            category=activity.category,
            category_label=str(categories.get(activity.category, activity.category)),
            start_date=activity.start_date,
            date_precision=activity.date_precision,
            place=blank(place),
            occasion=activity.occasion,
            occasion_label=str(occasions.get(activity.occasion, "")) if activity.occasion else "",
        )
    for contribution in (
        Contribution.objects.filter(activity_id__in=rows, status=DELIVERED)
        .select_related("contributor")
        .order_by("pk")
    ):
        rows[contribution.activity_id].gifts.append(
            PublicGift(
                contributor=contribution.contributor.name,
                kind=contribution.kind,
                kind_label=str(kinds.get(contribution.kind, contribution.kind)),
                item=blank(contribution.item),
                quantity=contribution.quantity,
                unit=contribution.unit,
                value_vnd=contribution.value_vnd or 0,
            )
        )
    order = list(groups)
    for count in BeneficiaryCount.objects.filter(activity_id__in=rows).order_by("pk"):
        rows[count.activity_id].beneficiaries.append(
            BeneficiaryRow(
                count.group,
                str(groups.get(count.group, count.group)),
                count.count,
                count.women or 0,
                count.ethnic_minority or 0,
            )
        )
    for row in rows.values():
        row.beneficiaries.sort(key=lambda b: order.index(b.group) if b.group in order else 99)
    for photo in Attachment.objects.filter(
        activity_id__in=rows, kind=Attachment.Kind.PHOTO, is_public=True
    ).order_by("pk"):
        photo.caption = blank(photo.caption)
        rows[photo.activity_id].photos.append(photo)
    return list(rows.values())


def public_photo(pk: int) -> Attachment | None:
    """Return the photo if the public may see it (marked public, of a public activity)."""
    return (
        Attachment.objects.filter(
            pk=pk,
            kind=Attachment.Kind.PHOTO,
            is_public=True,
            activity__in=Activity.objects.published().exclude(status=CANCELLED).values("pk"),
        )
        .select_related("activity")
        .first()
    )


def public_contributions(activities: QuerySet) -> QuerySet:
    """Return the delivered contributions of the given public activities with a value, oldest
    first, with the contributor and the activity loaded (for the open-data transactions)."""
    return (
        Contribution.objects.filter(
            activity__in=activities.values("pk"), status=DELIVERED, value_vnd__isnull=False
        )
        .select_related("contributor", "activity")
        .order_by("activity__start_date", "activity_id", "pk")
    )
