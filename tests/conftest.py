"""Shared fixtures: the demo archive, a curator and a reviewer, image files."""

import io

import pytest
from django.contrib.auth.models import Group, User
from PIL import Image

from memoria.demo.loader import load_demo

LANGS = ["kk", "ru", "en", "fr"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to a /fr/ page activates French in the
    test's thread (LocaleMiddleware) and would otherwise carry over into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counts():
    """Each test counts requests from zero. On SQLite the counts live in a file of their own
    (ratelimit/counting.py), which a test's rolled-back transaction does not empty: without this,
    the test client's one address would reach the contribution limit after five tests."""
    yield
    from pathlib import Path

    from django.conf import settings

    from memoria.ratelimit.counting import FileStore

    if Path(settings.MEMORIA_RATE_LIMIT_FILE).exists():
        FileStore(settings.MEMORIA_RATE_LIMIT_FILE).purge(float("inf"))


@pytest.fixture
def demo(db):
    load_demo()


def _user(username, group, superuser=False):
    user = User.objects.create_user(username, password="a-long-test-password-123", is_staff=True,
                                    is_superuser=superuser)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(db):
    return _user("curator", "curator")


@pytest.fixture
def reviewer(db):
    return _user("reviewer", "reviewer")


@pytest.fixture
def curator_client(curator):
    """A separate browser from `client`, which stays an anonymous visitor."""
    from django.test import Client

    browser = Client()
    browser.force_login(curator)
    return browser


def png_bytes(size=(64, 48), color=(120, 30, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()
