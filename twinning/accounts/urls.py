from django.contrib.auth import views as auth_views
from django.urls import path

from twinning.accounts import signin, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/setup/", signin.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", signin.two_factor_verify, name="two_factor_verify"),
]
