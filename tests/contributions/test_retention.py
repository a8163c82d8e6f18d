"""Declined and withdrawn contributions' files are deleted after the retention period, by the
command meant for cron; open and accepted ones keep theirs."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from memoria.contributions import moderation
from memoria.contributions.models import Contribution
from memoria.contributions.services import purge_expired
from tests.contributions.conftest import png_file, sent_token

pytestmark = pytest.mark.django_db


def _stored_paths(contribution):
    return [Path(record.file.path) for record in contribution.files.all()]


def test_purge_deletes_files_only_after_the_retention_period(client, person, curator, settings):
    settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS = 30
    declined_token = sent_token(client, "ru", f"person:{person.pk}", files=[png_file("a.png"), png_file("b.png")])
    declined = Contribution.objects.get()
    moderation.decline(declined, curator, "Not about this person.")
    waiting_token = sent_token(client, "ru", f"person:{person.pk}", files=[png_file("c.png")],
                               contributor_email="other@example.org")
    waiting = Contribution.objects.exclude(pk=declined.pk).get()
    declined_files, waiting_files = _stored_paths(declined), _stored_paths(waiting)
    assert all(path.exists() for path in declined_files + waiting_files)

    # Within the period nothing goes.
    assert purge_expired(timezone.now() + timedelta(days=29)) == 0
    assert all(path.exists() for path in declined_files)

    # After it, the declined contribution's files go; the waiting one's stay.
    assert purge_expired(timezone.now() + timedelta(days=31)) == 2
    assert not any(path.exists() for path in declined_files)
    assert all(path.exists() for path in waiting_files)
    declined.refresh_from_db()
    assert declined.files_purged_at is not None and not declined.files.exists()
    # Who sent it and what they wrote are gone too, from the record and from its history.
    assert declined.contributor_email == declined.contributor_name == declined.text == ""
    assert not Contribution.history.filter(contributor_email__contains="@").exclude(id=waiting.pk).exists()
    assert Contribution.objects.get(pk=waiting.pk).contributor_email == "other@example.org"
    status_page = client.get(f"/ru/contributions/{declined_token}/").content.decode()
    assert "то, что вы прислали, удалено" in status_page.lower() and "Not about this person." in status_page
    assert "c.png" in client.get(f"/ru/contributions/{waiting_token}/").content.decode()
    # Once only.
    assert purge_expired(timezone.now() + timedelta(days=60)) == 0


def test_the_command_purges_withdrawn_contributions(client, person, settings):
    settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS = 0
    token = sent_token(client, "en", f"person:{person.pk}", files=[png_file()])
    paths = _stored_paths(Contribution.objects.get())
    client.post(f"/en/contributions/{token}/withdraw/")
    call_command("purge-contributions", verbosity=0)
    assert not any(path.exists() for path in paths)
    assert Contribution.objects.get().files_purged_at is not None
