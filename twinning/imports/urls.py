from django.urls import path

from twinning.imports import views

app_name = "imports"
urlpatterns = [
    path("twinnings/<slug:slug>/imports/", views.upload, name="upload"),
    path(
        "twinnings/<slug:slug>/imports/templates/<str:kind>.<str:file_format>",
        views.template,
        name="template",
    ),
    path("twinnings/<slug:slug>/imports/<uuid:pk>/", views.preview, name="preview"),
    path("twinnings/<slug:slug>/imports/<uuid:pk>/commit/", views.commit, name="commit"),
    path("twinnings/<slug:slug>/imports/<uuid:pk>/progress/", views.progress, name="progress"),
    path("twinnings/<slug:slug>/imports/<uuid:pk>/result/", views.result, name="result"),
]
