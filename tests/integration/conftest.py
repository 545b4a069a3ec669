"""Fixtures the integration tests share."""

import pytest


@pytest.fixture
def editor(db):
    """A superuser editor with a name, as the curation pages show it ("Ada Editor")."""
    from django.contrib.auth.models import User

    return User.objects.create_superuser(
        "editor", "editor@example.org", "a-long-test-password", first_name="Ada", last_name="Editor"
    )
