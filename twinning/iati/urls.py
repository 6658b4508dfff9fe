from django.urls import path

from twinning.iati import views

app_name = "iati"
urlpatterns = [
    path("iati/", views.files, name="files"),
    path("iati/twinnings/<slug:slug>.xml", views.twinning_file, name="twinning"),
    path("iati/programmes/<slug:slug>.xml", views.programme_file, name="programme"),
    path("iati/organisations/<slug:slug>.xml", views.organisation_file, name="organisation"),
]
