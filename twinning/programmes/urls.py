from django.urls import path

from twinning.programmes import views

app_name = "programmes"
urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("twinnings/<slug:slug>/", views.twinning_detail, name="twinning"),
    path("twinnings/<slug:slug>/plans/start/", views.plan_start, name="plan_start"),
    path("twinnings/<slug:slug>/plans/<int:year>/", views.plan_detail, name="plan"),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/items/", views.plan_item_add, name="plan_item_add"
    ),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/items/<int:pk>/",
        views.plan_item_edit,
        name="plan_item_edit",
    ),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/items/<int:pk>/delete/",
        views.plan_item_delete,
        name="plan_item_delete",
    ),
    path("twinnings/<slug:slug>/plans/<int:year>/submit/", views.plan_submit, name="plan_submit"),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/approve/", views.plan_approve, name="plan_approve"
    ),
    path("twinnings/<slug:slug>/plans/<int:year>/agree/", views.plan_agree, name="plan_agree"),
    path("twinnings/<slug:slug>/plans/<int:year>/reopen/", views.plan_reopen, name="plan_reopen"),
    path(
        "twinnings/<slug:slug>/plans/<int:year>/history/", views.plan_history, name="plan_history"
    ),
]
