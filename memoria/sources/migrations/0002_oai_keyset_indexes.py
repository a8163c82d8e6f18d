"""Keyset indexes for OAI-PMH harvesting: see memoria/core/keyset_indexes.py."""

from django.db import migrations

from memoria.core.keyset_indexes import keyset_index_operations


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = keyset_index_operations({"sources_source": "sources_historicalsource"})
