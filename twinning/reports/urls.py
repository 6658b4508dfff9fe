from django.urls import path

from twinning.reports import exports_views, pages, views

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
    path("programmes/<str:key>/summary/", pages.province_summary, name="province"),
    path(
        "programmes/<str:key>/summary/download.<str:file_format>",
        pages.province_summary_download,
        name="province_download",
    ),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/versus-actual/",
        pages.plan_versus_actual,
        name="plan",
    ),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/versus-actual/download.<str:file_format>",
        pages.plan_versus_actual_download,
        name="plan_download",
    ),
    path("contributors/<slug:slug>/statement/", pages.contributor_statement, name="statement"),
    path(
        "contributors/<slug:slug>/statement/download.<str:file_format>",
        pages.contributor_statement_download,
        name="statement_download",
    ),
    path("exports/", exports_views.export_list, name="exports"),
    path("exports/<uuid:pk>/", exports_views.export_detail, name="export"),
    path("exports/<uuid:pk>/progress/", exports_views.export_progress, name="export_progress"),
    path("exports/<uuid:pk>/download/", exports_views.export_download, name="export_download"),
    path(
        "contributors/<slug:slug>/thank-you.docx",
        views.contributor_thanks,
        name="contributor_thanks",
    ),
]
