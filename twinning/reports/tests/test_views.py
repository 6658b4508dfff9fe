"""The report pages through HTTP: who sees, who downloads, who edits the texts."""

import datetime
import io

import pytest
from docx import Document

from twinning.programmes.tests.factories import add_activity, add_contribution
from twinning.reports.models import ReportDraft
from twinning.testing import PASSWORD

pytestmark = pytest.mark.django_db
QUERY = "?year_from=2020&year_to=2020&lang=vi&scope=as_it_was"


@pytest.fixture
def masks(world):
    activity = add_activity(
        world.twinning, "Khẩu trang", category="health", start_date=datetime.date(2020, 4, 10)
    )
    add_contribution(activity, world.sponsor, item="Khẩu trang", quantity=600, unit_value_vnd=8_000)
    return activity


def _as(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _url(world, name="report/"):
    return f"/twinnings/{world.twinning.slug}/{name}"


def test_it_shows_the_report_to_the_coordinator(client, world, masks):
    response = _as(client, world.coordinator).get(_url(world) + QUERY)
    assert response.status_code == 200
    assert "BÁO CÁO" in response.content.decode()
    assert "4.800.000 đồng" in response.content.decode()


def test_it_hides_the_report_from_an_outsider(client, world, masks):
    assert _as(client, world.outsider).get(_url(world) + QUERY).status_code == 404
    download = _url(world, "report/download.docx") + QUERY
    assert client.get(download).status_code == 404


def test_it_sends_anonymous_users_to_sign_in(client, world):
    assert client.get(_url(world)).status_code == 302


def test_it_refuses_the_download_to_a_viewer(client, world, masks):
    response = _as(client, world.viewer).get(_url(world, "report/download.docx") + QUERY)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("csv", "application/zip"),
    ],
)
def test_it_lets_the_approver_download(client, world, masks, file_format, content_type):
    response = _as(client, world.approver).get(
        _url(world, f"report/download.{file_format}") + QUERY
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" in response["Content-Disposition"]


def test_it_saves_the_edited_texts_and_uses_them_in_the_word_file(client, world, masks):
    client = _as(client, world.coordinator)
    form = client.get(_url(world, "report/texts/") + QUERY)
    assert form.status_code == 200
    assert "Căn cứ" in form.content.decode() or "báo cáo" in form.content.decode()
    response = client.post(
        _url(world, "report/texts/") + QUERY,
        {
            "document_number": "7",
            "issued_on": "2026-01-05",
            "subject": "Kết quả giao lưu, kết nghĩa năm 2020",
            "assessment": "Hoàn thành tốt kế hoạch năm.",
            "signer_authority": "KT. GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn A",
            "recipients": "- UBND xã Đông Giang;\n- Lưu: VT, VP.",
        },
    )
    assert response.status_code == 302
    draft = ReportDraft.objects.get(twinning=world.twinning, year_from=2020, year_to=2020)
    assert draft.updated_by == world.coordinator
    document = Document(io.BytesIO(client.get(_url(world, "report/download.docx") + QUERY).content))
    left = document.tables[0].rows[0].cells[0]
    assert "Số: 07/BC-SCT" in [p.text for p in left.paragraphs]
    assert "Hoàn thành tốt kế hoạch năm." in [p.text for p in document.paragraphs]
    assert "Kết quả giao lưu, kết nghĩa năm 2020" in [p.text for p in document.paragraphs]


def test_it_refuses_the_texts_to_a_viewer(client, world):
    assert _as(client, world.viewer).get(_url(world, "report/texts/") + QUERY).status_code == 403


def test_it_draws_a_chart(client, world, masks):
    response = _as(client, world.coordinator).get(_url(world, "report/chart/by_year.png") + QUERY)
    assert response.status_code == 200 and response.content[:4] == b"\x89PNG"


def test_it_gives_the_business_its_thank_you_letter(client, world, masks):
    add_contribution(masks, world.business, item="Khẩu trang", quantity=1500, unit_value_vnd=8_000)
    response = _as(client, world.contributor).get(
        f"/contributors/{world.business.slug}/thank-you.docx"
    )
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert "THƯ CẢM ƠN" in [p.text for p in document.paragraphs]


def test_it_hides_a_business_from_an_outsider(client, world, masks):
    add_contribution(masks, world.business, item="Khẩu trang", quantity=1500, unit_value_vnd=8_000)
    response = _as(client, world.outsider).get(
        f"/contributors/{world.business.slug}/thank-you.docx"
    )
    assert response.status_code == 404


def test_the_page_shows_the_documents_tables_and_describes_its_charts(client, world, masks):
    from twinning.activities.models import BeneficiaryCount

    BeneficiaryCount.objects.create(activity=masks, group="residents", count=900)
    page = _as(client, world.coordinator).get(_url(world) + QUERY).content.decode()
    for key in ("support", "beneficiaries", "indicators", "appendix"):
        assert f'data-testid="table-{key}"' in page, key
    assert "Giá trị hỗ trợ theo lĩnh vực" in page and "Tổng số người" in page
    # The chart's text alternative says what it shows, not only "Chart".
    alts = page.split('alt="')[1:]
    charts = [alt.split('"')[0] for alt in alts if "Của đơn vị" in alt.split('"')[0]]
    assert charts and "2020: 4,8" in charts[0]
    assert 'alt="Biểu đồ"' not in page and 'alt="Chart"' not in page


def test_the_report_form_controls_are_styled(client, world, masks):
    page = _as(client, world.coordinator).get(_url(world) + QUERY).content.decode()
    assert 'class="form-control form-control-sm"' in page
    assert 'class="form-select form-select-sm"' in page
