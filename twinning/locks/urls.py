from django.urls import path

from twinning.locks import views

app_name = "locks"
urlpatterns = [
    path("twinnings/<slug:slug>/locks/", views.year_locks, name="list"),
    path("twinnings/<slug:slug>/locks/lock/", views.lock, name="lock"),
    path("twinnings/<slug:slug>/locks/<int:year>/unlock/", views.unlock, name="unlock"),
]
