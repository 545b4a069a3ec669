"""The API reference at /api/docs/: server-rendered from the OpenAPI schema, no script, every endpoint."""

import re

import pytest

from apicore.docs import operations


def test_operations_read_paths_parameters_and_responses_from_a_schema():
    schema = {
        "paths": {
            "/api/v1/procedures/": {
                "get": {
                    "operationId": "procedures_list",
                    "summary": "Procedures",
                    "parameters": [
                        {
                            "name": "level",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["standard", "special"]},
                        },
                        {"name": "page", "in": "query", "required": True, "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {"description": "A  page\\nof procedures"},
                        "400": {"description": "Bad"},
                    },
                },
                "parameters": [],
            }
        }
    }
    (operation,) = operations(schema)
    assert (operation.method, operation.path, operation.anchor, operation.has_body) == (
        "GET",
        "/api/v1/procedures/",
        "procedures_list",
        False,
    )
    assert [(p.name, p.required, p.kind) for p in operation.parameters] == [
        ("level", False, "one of: standard, special"),
        ("page", True, "integer"),
    ]
    assert operation.responses == (("200", "A page\\nof procedures"), ("400", "Bad"))


@pytest.mark.django_db
def test_docs_page_lists_every_endpoint_without_script(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script" not in html
    assert "style=" not in html
    assert "https://" not in html.split("<main", 1)[1]
    headings = re.findall(r'<h2 id="[^"]+"><code>([A-Z]+ [^<]+)</code></h2>', html)
    assert "GET /api/v1/procedures/" in headings
    assert "POST /api/v1/policies/{slug}/evaluate" in headings
    assert 'href="/api/v1/schema/?format=json"' in html
