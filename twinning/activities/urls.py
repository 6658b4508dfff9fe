from django.urls import path

from twinning.activities import views

app_name = "activities"
urlpatterns = [
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("twinnings/<slug:slug>/activities/new/", views.activity_create, name="create"),
    path(
        "twinnings/<slug:slug>/activities/rows/<slug:section>/",
        views.formset_row,
        name="formset_row",
    ),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:pk>/confirm/", views.activity_confirm, name="confirm"),
    path("activities/<int:pk>/dispute/", views.activity_dispute, name="dispute"),
    path("activities/<int:pk>/publish/", views.activity_publish, name="publish"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="delete"),
    path("activities/<int:pk>/history/", views.activity_history, name="history"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/thumbnail/", views.attachment_thumbnail, name="thumbnail"),
]
