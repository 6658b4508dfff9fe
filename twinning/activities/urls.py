from django.urls import path

from twinning.activities import views

app_name = "activities"
urlpatterns = [
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
]
