"""A form sent where the API reads JSON is refused with a reason, not a server error."""

import pytest
from django.test import Client

from memoria.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_multipart_form_to_a_json_operation_is_a_400_that_says_what_it_takes(curator):
    token = ApiToken.objects.issue(curator)[1]
    response = Client(raise_request_exception=False).post(
        "/api/places", {"name": "Synthetic place"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert "JSON body" in response.json()["detail"]
