from django.conf import settings


def site(request):
    """Return what every page's layout needs: the mode (to flag the demo) and the languages."""
    return {"TWINNING_DEMO": settings.DEMO, "TWINNING_LANGUAGES": settings.LANGUAGES}
