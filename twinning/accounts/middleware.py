from django.utils import translation


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
