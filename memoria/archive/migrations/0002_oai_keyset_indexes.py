"""Keyset indexes for OAI-PMH harvesting: see memoria/core/keyset_indexes.py."""

from django.db import migrations

from memoria.core.keyset_indexes import keyset_index_operations


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = keyset_index_operations({
        "archive_person": "archive_historicalperson",
        "archive_item": "archive_historicalitem",
        "archive_event": "archive_historicalevent",
        "archive_place": "archive_historicalplace",
        "archive_unit": "archive_historicalunit",
    })
