"""Property-based tests of the whole API from its own OpenAPI document (schemathesis), against
a live test server, with a coordinator's read-write token: no response is a server error, and
every response matches the document (status code, content type, body).

The document is taken from the API object when the tests are collected (schemathesis's lazy
`from_fixture` loader fails under pytest 9: it reads `node._nodeid`); a test below proves it
is the very document served at /api/v1/openapi.json."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from twinning.api.api import api
from twinning.api.tests.conftest import ApiWorld, build_api_world
from twinning.api.tokens import create_token
from twinning.testing import World

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def api_world(transactional_db) -> ApiWorld:
    """Built and committed for each test: the live server reads it through its own
    connection, so the module-wide world that other API tests share (rolled back) won't do."""
    return build_api_world(World.build())


@pytest.fixture
def coordinator_token(api_world) -> str:
    return create_token(api_world.world.coordinator, "schemathesis", scope="write").secret


def _ipv4(url: str) -> str:
    # "localhost" tries ::1 first, which the live server does not listen on: 0.1 s a request.
    return url.replace("//localhost:", "//127.0.0.1:")


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


def test_it_tests_the_document_the_server_serves(live_server):
    import requests

    served = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=10).json()
    assert served == json.loads(json.dumps(api.get_openapi_schema()))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_it_never_fails_and_always_answers_as_documented(case, live_server, coordinator_token):
    case.call_and_validate(
        base_url=_ipv4(live_server.url),
        headers={"Authorization": f"Bearer {coordinator_token}"},
        checks=CHECKS,
        timeout=30,
    )
