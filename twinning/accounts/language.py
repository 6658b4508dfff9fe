"""The language switcher: Django's set_language, and for a signed-in user the choice is saved in
their profile so that it follows them to their next sign-in, on any browser."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from twinning.accounts.models import Profile

_CODES = {code for code, _name in settings.LANGUAGES}


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Set the language cookie (Django's view) and remember a signed-in user's choice."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in _CODES and check_for_language(language):
        Profile.objects.update_or_create(user=user, defaults={"language": language})
    return response
