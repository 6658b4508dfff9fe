"""In a real browser: the approver approves a plan; a viewer cannot; an outsider sees nothing."""

import pytest
from django.urls import reverse

from twinning.conftest import sign_in
from twinning.programmes.models import AnnualPlan
from twinning.programmes.tests.factories import add_item, add_plan
from twinning.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient(page):
    # A loaded machine (CI running several suites) can take more than 10 s for a first page.
    page.set_default_timeout(30_000)


@pytest.fixture
def world_with_plan(settings):
    world = World.build()
    plan = add_plan(world.twinning, 2025, status="submitted")
    add_item(plan, "Trung thu cho thiếu nhi", category="festival", budget_vnd=15_000_000)
    return world, plan


def test_the_approver_approves_a_submitted_plan(page, world_with_plan):
    world, plan = world_with_plan
    sign_in(page, world.approver.username, PASSWORD)
    page.get_by_role("link", name="Plan 2025 — Xã Đông Giang").click()
    page.get_by_role("button", name="Approve the plan").click()
    page.get_by_text("The plan is approved.").wait_for()
    assert page.get_by_test_id("plan-status").inner_text() == "Approved"
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.APPROVED and plan.approved_by == world.approver


def test_a_viewer_finds_no_button_and_a_direct_post_is_refused(page, world_with_plan):
    world, plan = world_with_plan
    sign_in(page, world.viewer.username, PASSWORD)
    page.goto(reverse("programmes:twinning", args=[world.twinning.slug]))
    assert page.get_by_role("button", name="Start the").count() == 0
    page.goto(reverse("programmes:plan", args=[world.twinning.slug, 2025]))
    page.get_by_text("Trung thu cho thiếu nhi").wait_for()
    for name in ["Approve the plan", "Submit for approval", "Agree for the commune", "Edit"]:
        assert page.get_by_role("button", name=name).count() == 0
    assert page.get_by_role("link", name="Edit").count() == 0

    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        reverse("programmes:plan_approve", args=[world.twinning.slug, 2025]),
        form={"expected_version": str(plan.version), "csrfmiddlewaretoken": token},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 403
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.SUBMITTED


def test_the_outsider_gets_404_on_the_twinning_page(page, world_with_plan):
    world, _plan = world_with_plan
    sign_in(page, world.outsider.username, PASSWORD)
    response = page.goto(reverse("programmes:twinning", args=[world.twinning.slug]))
    assert response.status == 404
