"""An index of the documents by record type, newest first within a type.

A search by one record type alone (no words, no place, unit, event or kind) reads that
type's newest documents from it and stops after the counted ones, instead of walking every
document newest first to pick that type's out (fulltext_backends.everything).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_document_filter_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['record_type', 'id', 'is_public', 'has_images', 'year_lower', 'year_upper'], name='search_document_type_idx'),
        ),
    ]
