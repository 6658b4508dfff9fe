"""The demo holds every fact of the article's table, each marked as the article's, and loads twice
without duplicates."""

import datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import TestCase, override_settings

from twinning import access
from twinning.activities.models import Activity, Contribution, Output
from twinning.core.choices import Provenance
from twinning.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_accounts, load_demo
from twinning.geo.lineage import predecessor_ids
from twinning.geo.models import AdminChange, AdminUnit
from twinning.indicators.models import EthnicComposition, IndicatorValue
from twinning.organisations.models import Organisation
from twinning.programmes.models import AnnualPlan, Twinning


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin", "contenttypes"}
    }


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.twinning = load_demo()
        cls.accounts = load_accounts({o.slug: o for o in Organisation.objects.all()})
        cls.article = cls.twinning.source

    def fact(self, ref: str) -> Activity:
        """Return the activity taken from the article, checking that it says so."""
        activity = Activity.objects.get(twinning=self.twinning, ref=ref)
        self.assertEqual(activity.provenance, Provenance.SOURCE)
        self.assertEqual(activity.source, self.article)
        return activity

    def indicator(self, code: str, year: int = 2023) -> IndicatorValue:
        value = IndicatorValue.objects.get(
            admin_unit=self.twinning.partner_unit, indicator__code=code, year=year
        )
        self.assertEqual(value.provenance, Provenance.SOURCE)
        self.assertEqual(value.source, self.article)
        return value

    def test_it_loads_twice_without_duplicates_or_new_history(self):
        before = row_counts()
        load_demo()
        load_accounts({o.slug: o for o in Organisation.objects.all()})
        self.assertEqual(row_counts(), before)

    def test_it_keeps_the_article_text_in_arabic_and_english(self):
        self.assertEqual(self.article.language, "ar")
        self.assertIn("دونج جيانج", self.article.text)
        english = self.article.translations.get()
        self.assertIn("directly giving 600 antibacterial cloth", english.text)

    def test_it_holds_the_parties_and_the_ceremony(self):
        t = self.twinning
        self.assertEqual(t.sponsor.name, "Sở Công Thương tỉnh Bình Thuận")
        self.assertEqual(t.partner_organisation.kind, Organisation.Kind.COMMUNE_COMMITTEE)
        self.assertEqual((t.partner_unit.code, t.partner_unit.name), ("23074", "Đông Giang"))
        self.assertEqual(t.partner_unit.parent.code, "597")
        self.assertEqual(t.partner_unit.parent.parent.code, "60")
        self.assertEqual((t.signed_on, t.signed_on_precision), (datetime.date(2016, 8, 1), "month"))
        self.assertIn("04", t.programme.legal_reference)
        self.assertEqual(t.provenance, Provenance.SOURCE)
        self.fact("article-ceremony")

    def test_it_holds_the_commune_profile(self):
        self.assertEqual(self.indicator("ethnic_minority_share").value, 95)
        poverty = self.indicator("poor_and_near_poor_rate")
        self.assertEqual((poverty.value, poverty.is_lower_bound), (40, True))
        self.assertEqual(self.indicator("households_with_electricity").value, 100)
        self.assertEqual(self.indicator("ntm_criterion_4_electricity").value, 1)
        groups = EthnicComposition.objects.filter(admin_unit=self.twinning.partner_unit, year=2023)
        self.assertEqual(
            {g.ethnic_group.name for g in groups},
            {"Cơ-ho", "Raglai", "Chăm", "Tày", "Nùng", "Chu-ru", "Khmer", "Xtiêng"},
        )
        self.assertEqual(groups.get(is_majority=True).ethnic_group.name, "Cơ-ho")

    def test_it_holds_a_plan_for_every_year_of_the_article(self):
        years = set(
            AnnualPlan.objects.filter(
                twinning=self.twinning, provenance=Provenance.SOURCE
            ).values_list("year", flat=True)
        )
        self.assertEqual(years, set(range(2016, 2024)))

    def test_it_holds_the_masks_with_their_arithmetic(self):
        masks = self.fact("article-masks")
        direct = masks.contributions.get(ref="masks-direct")
        mobilised = masks.contributions.get(ref="masks-mobilised")
        self.assertEqual(
            (direct.quantity, direct.unit_value_vnd, direct.value_vnd, direct.origin),
            (600, 8000, 4_800_000, Contribution.Origin.DIRECT),
        )
        self.assertEqual(
            (mobilised.quantity, mobilised.unit_value_vnd, mobilised.value_vnd, mobilised.origin),
            (1500, 8000, 12_000_000, Contribution.Origin.MOBILISED),
        )

    def test_it_holds_the_fans_the_school_and_the_solar_lamps(self):
        fans = self.fact("article-fans").contributions.get()
        self.assertEqual((fans.quantity, fans.origin), (30, Contribution.Origin.MOBILISED))
        self.assertEqual(self.fact("article-school-wiring").outputs.count(), 1)
        lamps = self.fact("article-solar-lights")
        self.assertEqual(lamps.start_date.year, 2022)
        outputs = {o.unit: o.quantity for o in Output.objects.filter(activity=lamps)}
        self.assertEqual(outputs, {"bộ": 30, "km": Decimal("1.5")})

    def test_it_holds_the_other_facts_of_the_article(self):
        for ref, category in [
            ("article-electrification", "infrastructure"),
            ("article-training", "training"),
            ("article-mobile-sales", "trade"),
            ("article-festivals", "festival"),
            ("article-exchanges", "exchange"),
            ("article-tourism-2023", "tourism"),
            ("article-dan-van-kheo", "environment"),
            ("article-it-reform", "governance"),
            ("article-policy", "policy"),
        ]:
            with self.subTest(ref):
                self.assertEqual(self.fact(ref).category, category)
        self.assertIn("Hội tụ xanh", self.fact("article-tourism-2023").title)
        self.assertEqual(self.fact("article-mobile-sales").occasion, "tet")

    def test_it_marks_the_yearly_records_as_illustrative_for_each_year(self):
        for year in range(2016, 2024):
            yearly = Activity.objects.filter(twinning=self.twinning, start_date__year=year)
            with self.subTest(year):
                self.assertTrue(yearly.filter(ref=f"mid-autumn-{year}").exists())
                self.assertTrue(yearly.filter(ref=f"notebooks-{year}").exists())
                if year > 2016:
                    self.assertTrue(yearly.filter(ref=f"gifts-tet-{year}").exists())
        illustrative = Activity.objects.filter(provenance=Provenance.ILLUSTRATIVE)
        self.assertFalse(illustrative.filter(source__isnull=False).exists())
        self.assertFalse(
            Contribution.objects.filter(provenance=Provenance.SOURCE, source__isnull=True).exists()
        )

    def test_it_totals_the_article_masks_as_the_article_does(self):
        masks = Contribution.objects.filter(
            activity__twinning=self.twinning, item__icontains="khẩu trang"
        )
        by_origin = dict(masks.values_list("origin").annotate(total=Sum("value_vnd")))
        self.assertEqual(by_origin, {"direct": 4_800_000, "mobilised": 12_000_000})

    def test_it_records_the_2025_merger(self):
        new = AdminUnit.objects.get(code="23074", valid_from=datetime.date(2025, 7, 1))
        self.assertEqual(new.parent.code, "68")
        old_ids = set(
            AdminUnit.objects.filter(
                code__in=["23074", "23068"], valid_until__isnull=False
            ).values_list("pk", flat=True)
        )
        self.assertEqual(predecessor_ids({new.pk}) - {new.pk}, old_ids)
        self.assertEqual(AdminChange.objects.get(units_after=new).units_before.count(), 2)
        self.assertEqual(self.twinning.sponsor.succeeded_by.name, "Sở Công Thương tỉnh Lâm Đồng")
        self.assertTrue(Twinning.objects.filter(partner_unit__code="23068").exists())

    def test_every_demo_account_signs_in_and_sees_its_twinnings(self):
        User = apps.get_model(settings.AUTH_USER_MODEL)
        expected = {
            "coordinator": {"sct-dong-giang"},
            "approver": {"sct-dong-giang"},
            "viewer": {"sct-dong-giang"},
            "commune": {"sct-dong-giang", Twinning.objects.get(partner_unit__code="23068").slug},
            "contributor": set(),
            "overseer": set(Twinning.objects.values_list("slug", flat=True)),
            "admin": set(Twinning.objects.values_list("slug", flat=True)),
        }
        self.assertEqual(len(expected), len(DEMO_ACCOUNTS))
        for username, *_ in DEMO_ACCOUNTS:
            with self.subTest(username):
                self.assertTrue(self.client.login(username=username, password=DEMO_PASSWORD))
                self.assertEqual(self.client.get("/").status_code, 200)
                user = User.objects.get(username=username)
                visible = set(access.visible_twinnings(user).values_list("slug", flat=True))
                self.assertEqual(visible, expected[username])
        contributor = User.objects.get(username="contributor")
        self.assertTrue(access.visible_contributions(contributor).exists())

    @override_settings(DEMO_ACCOUNTS_ALLOWED=False)
    def test_it_refuses_demo_accounts_in_production(self):
        with self.assertRaises(CommandError):
            call_command("demo", "--accounts")
