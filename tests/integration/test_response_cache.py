"""Anonymous pages and API answers come from the cache until the data changes."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from guidance.models import Recommendation
from sources import actions
from sources.registry import fixture_files

URLS = ["/procedures/", "/api/v1/procedures/?level=special", "/policies/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_second_anonymous_request_is_served_from_the_cache(
    client, loaded_data, url, django_assert_max_num_queries
):
    first = client.get(url)
    with django_assert_max_num_queries(1):  # at most the data version
        second = client.get(url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


@pytest.mark.django_db
def test_loading_data_invalidates_cached_answers(client, loaded_data):
    client.get("/procedures/")
    actions.load_fixtures(paths=[Path(settings.FIXTURES_DIR) / name for name in fixture_files()])
    # Same fixtures, same digest: the cached page is still right, and still served.
    assert client.get("/procedures/")["X-Cache"] == "hit"
    recommendation = Recommendation.objects.get(document__filename__startswith="000", number="1.4")
    actions.record_correction(
        instance=recommendation, field="text", corrected_value="Only in specialist centres."
    )
    response = client.get("/procedures/intramedullary-distraction-for-upper-limb-lengthening/")
    assert response["X-Cache"] == "miss"
    assert "Only in specialist centres." in response.content.decode()


@pytest.mark.django_db
def test_pages_with_a_form_token_and_logged_in_users_are_not_cached(client, loaded_data):
    client.get("/policies/llr-icb-hip-resurfacing/")
    assert client.get("/policies/llr-icb-hip-resurfacing/")["X-Cache"] == "miss"
    client.force_login(User.objects.create_user("someone", password="a-long-test-password"))
    client.get("/procedures/")
    assert "X-Cache" not in client.get("/procedures/")
