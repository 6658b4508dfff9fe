from django.urls import path

from twinning.reports import views

app_name = "reports"
urlpatterns = [
    path("twinnings/<slug:slug>/report/", views.twinning_report, name="twinning"),
    path("twinnings/<slug:slug>/report/texts/", views.twinning_report_edit, name="twinning_edit"),
    path(
        "twinnings/<slug:slug>/report/download.<str:file_format>",
        views.twinning_report_download,
        name="twinning_download",
    ),
    path(
        "twinnings/<slug:slug>/report/chart/<str:chart>.png",
        views.twinning_report_chart,
        name="twinning_chart",
    ),
    path(
        "contributors/<slug:slug>/thank-you.docx",
        views.contributor_thanks,
        name="contributor_thanks",
    ),
]
