"""The pages make run serves, over real HTTP through Django's test client."""

import pytest


@pytest.mark.django_db
def test_procedure_list_shows_every_seed_procedure(client, loaded_data):
    response = client.get("/procedures/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Targeted muscle reinnervation for managing limb amputation pain" in html
    assert "Intramedullary distraction for upper limb lengthening" in html


@pytest.mark.django_db
def test_home_redirects_to_procedures(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/procedures/")


@pytest.mark.django_db
def test_procedure_detail_shows_levels_duties_and_sources(client, loaded_data):
    response = client.get("/procedures/targeted-muscle-reinnervation-for-managing-limb-amputation-pain/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "To treat intractable pain that develops after limb amputation" in html
    assert "Research only" in html
    assert "Inform the clinical governance leads in their healthcare organisation." in html
    assert "004_c1ab1ff160fe8b1f.txt" in html


@pytest.mark.django_db
def test_procedure_detail_unknown_slug_is_404(client, loaded_data):
    assert client.get("/procedures/no-such-procedure/").status_code == 404


@pytest.mark.django_db
def test_procedure_detail_query_count_is_fixed(client, loaded_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        client.get("/procedures/intramedullary-distraction-for-upper-limb-lengthening/")
