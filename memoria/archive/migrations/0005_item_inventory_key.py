"""Inventory numbers are one number whatever their case: each item gets its inventory_key.

An archive that already holds twins (DEMO-01 beside demo-01) keeps them: the later one is left
without a key, said here, so that the upgrade never fails or renames a catalogue number; a curator
renames it, and the next save gives it its key.
"""

import unicodedata

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Item = apps.get_model("archive", "Item")
    taken: dict[str, str] = {}
    for pk, number in Item.objects.order_by("pk").values_list("pk", "inventory_number").iterator(chunk_size=5000):
        key = unicodedata.normalize("NFKC", number.strip()).casefold()
        if key in taken:
            print(f"\n  Inventory number “{number}” (item {pk}) differs from “{taken[key]}” only by case: "
                  "rename one of them in the back office.")
            continue
        taken[key] = number
        Item.objects.filter(pk=pk).update(inventory_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0004_media_original_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalitem",
            name="inventory_key",
            field=models.CharField(db_index=True, editable=False, max_length=128, null=True),
        ),
        migrations.AddField(
            model_name="item",
            name="inventory_key",
            field=models.CharField(editable=False, max_length=128, null=True, unique=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
