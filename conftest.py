"""Shared pytest fixtures: the test world, logged-in clients, and an API client."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from samdrift.testing.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# No timed assertions: hypothesis's per-example deadline fails tests by how busy the
# machine is (a pure SIE round trip took 283 ms on a loaded CI run). Speed is measured in bench/.
hypothesis_settings.register_profile("samdrift", deadline=None)
hypothesis_settings.load_profile("samdrift")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(world.users[username])
        return client

    return make


@pytest.fixture
def api_for(world: World) -> Callable[[str], APIClient]:
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(world.users[username])
        return client

    return make


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from samdrift.testing.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db: None) -> World:
    return build_world()


@pytest.fixture
def csp_watch(page):  # type: ignore[no-untyped-def]
    """The page's Content-Security-Policy watcher (see ``samdrift.testing.browser.CSPWatch``)."""
    return page.csp_watch


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    from samdrift.testing.browser import CSPWatch

    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    watch = CSPWatch(context)
    page = context.new_page()
    page.csp_watch = watch
    page.set_default_timeout(15_000)
    yield page
    context.close()
    # Every page a browser test loads must keep to the CSP: no inline script or style.
    watch.assert_clean()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_process_caches():  # type: ignore[no-untyped-def]
    """Ids are reused between tests (SQLite): no cached row may outlive its test."""
    from samdrift.servicedesk.actions import forget_desk_settings

    forget_desk_settings()
    yield
    forget_desk_settings()


@pytest.fixture
def smtp_server(settings):  # type: ignore[no-untyped-def]
    """A real SMTP server on loopback (aiosmtpd); Django's mail goes to it over SMTP."""
    import socket
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            message = message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append((envelope.rcpt_tos, message))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()
