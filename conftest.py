"""Shared pytest fixtures: the test world, logged-in clients, and an API client."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from samdrift.testing.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
