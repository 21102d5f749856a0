"""Language selection: Swedish unless the person chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show most
staff an English UI. Samdrift is Swedish first: the UI follows the language chosen with
the switch (cookie), and falls back to Swedish. The API also honours Accept-Language, so
integrations get error messages in the language they ask for.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import trans_real


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Accept-Language", "Cookie"]))
        translation.deactivate()
        return response

    @staticmethod
    def choose(request: HttpRequest) -> str:
        supported = dict(settings.LANGUAGES)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in supported:
            return cookie
        if request.path.startswith("/api/"):
            header = request.headers.get("Accept-Language", "")
            for code, _q in trans_real.parse_accept_lang_header(header):
                base = code.split("-")[0].lower()
                if base in supported:
                    return base
        return str(settings.LANGUAGE_CODE)
