from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode


class UserLanguageMiddleware:
    """Use the language a signed-in user chose, wherever they sign in from.

    Runs after LocaleMiddleware (which follows the cookie, then the browser): a saved choice wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = getattr(getattr(user, "profile", None), "language", "")
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


# The pages a signed-in user who still owes the second factor may reach.
_TWO_FACTOR_OPEN = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "set_language",
    "javascript-catalog",
}


def two_factor_required(user) -> bool:
    """Return True if the user's role obliges them to sign in with a second factor."""
    from twinning.organisations.models import Membership

    roles = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if not roles:
        return False
    if user.is_superuser and "administrator" in roles:
        return True
    return Membership.objects.filter(user=user, role__in=roles).exists()


class TwoFactorMiddleware:
    """Send a signed-in user who has a second factor (or must have one) to verify it (or set it
    up) before any other page. Runs after django-otp's OTPMiddleware, which tells whether this
    session was verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            target = self._target(request, user)
            if target:
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _target(self, request, user) -> str | None:
        from django_otp import user_has_device

        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""
        if name in _TWO_FACTOR_OPEN:
            return None
        if user_has_device(user):
            return reverse("accounts:two_factor_verify")
        if two_factor_required(user):
            return reverse("accounts:two_factor_setup")
        return None
