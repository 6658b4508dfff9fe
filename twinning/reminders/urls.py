from django.urls import path

from twinning.reminders import views

app_name = "reminders"
urlpatterns = [
    path("reminders/overview/", views.overview, name="overview"),
]
