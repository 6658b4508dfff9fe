import datetime

import pytest
from django.db import transaction

from twinning.demo.loader import load_demo
from twinning.reports.models import ReportDraft


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """Load the demo once per test module, in a transaction rolled back after the module (each
    test then runs in a savepoint inside it): loading takes seconds."""
    with django_db_blocker.unblock(), transaction.atomic():
        twinning = load_demo()
        yield twinning
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db):
    """Return the article's twinning with the whole demo loaded."""
    demo_once.refresh_from_db()
    return demo_once


@pytest.fixture
def draft(demo):
    """A draft numbered 5 and issued on 5 January 2026 (after the merger: Lâm Đồng)."""
    return ReportDraft(
        twinning=demo,
        year_from=2016,
        year_to=2023,
        document_number="5",
        issued_on=datetime.date(2026, 1, 5),
        signer_name="Trần Văn Hùng",
    )
