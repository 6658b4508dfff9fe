"""The OpenAPI document and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

from django.test import Client


def test_it_serves_openapi_3(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    assert "/api/v1/activities/{activity_id}/recipients" in schema["paths"]


def test_it_serves_the_docs_page_from_its_own_static_files(world):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(source.startswith("/") for source in sources), sources
    assert "cdn" not in html.lower()
