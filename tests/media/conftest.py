import pytest

from memoria.api.models import ApiToken
from tests.api.test_media import Uploader


@pytest.fixture
def uploader(curator):
    """Multipart uploads through the API with a curator's token."""
    return Uploader(ApiToken.objects.issue(curator)[1])
