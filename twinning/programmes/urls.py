from django.urls import path

from twinning.programmes import views

app_name = "programmes"
urlpatterns = [
    path("twinnings/<slug:slug>/", views.twinning_detail, name="twinning"),
]
