from django.urls import path

from twinning.indicators import views

app_name = "indicators"
urlpatterns = [
    path("twinnings/<slug:slug>/indicators/", views.indicator_values, name="edit"),
    path("twinnings/<slug:slug>/indicators/save/", views.save_indicator_values, name="save"),
    path("twinnings/<slug:slug>/indicators/history/", views.indicator_history, name="history"),
]
