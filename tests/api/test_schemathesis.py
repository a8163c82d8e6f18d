"""Property-based: schemathesis sends generated requests to every operation of /api/openapi.json
through the WSGI application, once as an anonymous visitor and once with a curator's token, and
runs ALL its checks on every answer: no server error, and status codes, content types, headers and
bodies as the document declares; schema-valid data accepted, schema-invalid data refused, required
headers required, authentication enforced where declared; and, following the document's links
(create → get → change → delete), a created record available and a deleted one gone.

Reproducible: a fixed seed, derandomized Hypothesis, no example database; a bounded number of
examples keeps the module under about two minutes on one core.

The demo archive is loaded once for the module (a transaction rolled back at its end); each test
runs in its own savepoint of it, as pytest-django's `django_db` does.
"""

import json

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from ninja.responses import NinjaJSONEncoder
from schemathesis.config import SchemathesisConfig

from memoria.api.api import api
from memoria.api.models import ApiToken
from memoria.demo.loader import load_demo

CONFIG = SchemathesisConfig.from_dict({
    "seed": 16,
    # No U+0000 in generated text: the API refuses it everywhere (PostgreSQL cannot store it), which
    # the document says in its description, not as a pattern on every text field (see memoria.api.inputs).
    "generation": {"max-examples": 6, "deterministic": True, "database": "none", "allow-x00": False},
    "checks": {
        # A request the document allows may still be refused for what only the database knows —
        # 412: its If-Match names a version that is not the record's current one (RFC 9110);
        # 422: a rule JSON Schema cannot state (the referenced record exists, an EDTF date parses,
        # a participation names a person or a unit). `refused_only_for_rules_beyond_the_document`
        # below fails every 422 that names a rule the document could have stated.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412",
                                                           "422", "429"]},
        # A write without If-Match is answered 428 Precondition Required, the status RFC 6585 made
        # for exactly this; schemathesis's default list predates it.
        "missing_required_header": {"expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]},
    },
})

#: EDTF has a grammar no JSON Schema pattern states; generate dates that parse, and the empty "unknown".
schemathesis.openapi.format("edtf", st.sampled_from(["", "1942", "1942-05", "1943-05-09", "1943?", "1941/1945",
                                                     "1944-06~", "194X"]))


def _document() -> dict:
    """The document /api/openapi.json serves (test_serves_the_document_under_test proves it),
    built without a request: loading it over WSGI at import would need the database."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)
schema.app = get_wsgi_application()

#: Model refusal codes for what the document states (lengths, choices, ranges, null): a schema-valid
#: request refused with one of these means the document does not tell the truth.
STATED_IN_THE_DOCUMENT = {"null", "max_length", "min_length", "invalid_choice", "min_value", "max_value",
                          "max_digits", "max_decimal_places", "max_whole_digits", "required"}


def refused_only_for_rules_beyond_the_document(ctx, response, case):
    """A schema-valid request refused with 422 must be refused for a rule the document cannot state."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 422:
        return None
    body = response.json()
    stated = [error for error in body["errors"] if error["code"] in STATED_IN_THE_DOCUMENT]
    assert not body["detail"].startswith("The request does not match the API"), \
        f"django-ninja refused what the document allows: {body}"
    assert not stated, f"refused for a rule the document could state: {stated}"
    return None


CHECKS = {"additional_checks": [refused_only_for_rules_beyond_the_document]}


@pytest.fixture(scope="module")
def identities(django_db_setup, django_db_blocker):
    """The demo archive and a curator's token, for the whole module; requests keep the test's
    connection (Django's test client does the same: the handler would close it between requests)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            load_demo()
            curator = User.objects.create_user("curator", password="a-long-test-password-123", is_staff=True)
            curator.groups.add(Group.objects.get(name="curator"))
            token = ApiToken.objects.issue(curator)[1]
            yield {"anonymous": {}, "curator": {"Authorization": f"Bearer {token}"}}
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def connection_kept(identities):
    """Again before each test: Django's test client reconnects the handler's signals after its requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)


@pytest.mark.django_db
def test_serves_the_document_under_test(identities, client):
    assert client.get("/api/openapi.json").json() == _document()


@pytest.mark.django_db
@pytest.mark.parametrize("identity", ["anonymous", "curator"])
@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_documented(case, identity, identities):
    case.call_and_validate(headers=identities[identity], **CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize("identity", ["anonymous", "curator"])
def test_following_the_links_answers_as_documented(identity, identities):
    """Scenarios along the document's links: a record created is there, its ETag changes it,
    and once deleted it is gone (use_after_free, ensure_resource_availability)."""

    class Workflow(schema.as_state_machine()):
        def setup(self):
            # Each scenario in its own savepoint: Hypothesis replays scenarios and needs the same state.
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": identities[identity]}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, headers=identities[identity], transport_kwargs=kwargs or None,
                                   recorder=getattr(self, "recorder", None), **CHECKS)

    Workflow.run(settings=settings(max_examples=40, stateful_step_count=8, deadline=None, derandomize=True,
                                   database=None, suppress_health_check=list(HealthCheck)))
