from django.urls import path

from twinning.public import views

app_name = "public"
urlpatterns = [
    # Without a language: sent on to the reader's language (cookie or browser), so that the
    # pages themselves depend on their address only and caches can keep them.
    path("", views.choose_language, name="start"),
    path("programmes/<slug:slug>/", views.choose_language, name="programme_start"),
    path("twinnings/<slug:slug>/", views.choose_language, name="twinning_start"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.photo, {"thumbnail": True}, name="photo_thumbnail"),
    path("<str:lang>/", views.index, name="index"),
    path("<str:lang>/programmes/<slug:slug>/", views.programme, name="programme"),
    path("<str:lang>/twinnings/<slug:slug>/", views.twinning, name="twinning"),
]
