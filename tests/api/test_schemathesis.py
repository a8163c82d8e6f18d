"""Property-based: schemathesis sends generated requests to every operation of
/api/openapi.json through the WSGI application — reads anonymously, writes with a
curator's token; none may crash (5xx), and each answer must match the document
(status codes, headers, response schemas).

The schema is loaded at import (a GET of /api/openapi.json, no database):
schemathesis's lazy `from_fixture` loader does not work with pytest 9.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def test_connection_kept():
    """As Django's test client does: requests must not close the test's transaction's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_get_operations_answer_as_documented_and_never_fail(case, demo, test_connection_kept):
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response)


@pytest.fixture
def curator_token(curator):
    from memoria.api.models import ApiToken

    return ApiToken.objects.issue(curator)[1]


@pytest.mark.django_db
@schema.exclude(method="GET").parametrize()
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_write_operations_refuse_bad_input_without_failing(case, demo, curator_token, test_connection_kept):
    """Generated bodies, uploads and If-Match headers, sent with a curator's token: every
    refusal is a documented 4xx, never a server error.

    A body the schema allows may still break the models' rules (an EDTF date, a required
    English name, a reference to a record that does not exist): refusing it with 422 is right,
    so schemathesis's "schema-valid data must be accepted" check does not apply here; nor does
    its "invalid credentials must be refused", as the token sent here is always the valid one
    (wrong tokens have their own tests).
    """
    response = case.call(headers={**(case.headers or {}), "Authorization": f"Bearer {curator_token}"})
    assert response.status_code < 500, response.text
    case.validate_response(response, excluded_checks=[positive_data_acceptance, ignored_auth])
