from django.urls import path

from twinning.api import views

app_name = "api"
urlpatterns = [
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
