"""Keyset indexes for OAI-PMH harvesting: see memoria/core/keyset_indexes.py."""

from django.db import migrations

from memoria.core.keyset_indexes import keyset_index_operations


class Migration(migrations.Migration):
    dependencies = [("exhibitions", "0001_initial")]

    operations = keyset_index_operations({
        "exhibitions_exhibition": "exhibitions_historicalexhibition",
    })
