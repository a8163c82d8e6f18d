"""Property-based: schemathesis sends generated requests to every GET operation of
/api/openapi.json through the WSGI application; none may crash (5xx), and each
answer must match the document (status codes, headers, response schemas).

The schema is loaded at import (a GET of /api/openapi.json, no database):
schemathesis's lazy `from_fixture` loader does not work with pytest 9.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

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
