"""Places, with coordinates."""

from memoria.api.crud import record_router
from memoria.api.inputs import PlaceIn
from memoria.api.schemas import PlaceOut
from memoria.archive.models import Place

router = record_router(model=Place, name="places", out=PlaceOut, payload=PlaceIn)
