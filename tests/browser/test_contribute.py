"""A family's story with a photograph, from a phone in Kazakh to the person's page, through a curator.

The person is from the demo archive (the article); the story and the photograph are SYNTHETIC test
data, and the photograph's GPS position is invented.
"""

import io
import re

from django.contrib.auth.models import Group, User
from django.utils import translation
from django.utils.translation import gettext
from PIL import ExifTags, Image

from memoria.archive.models import Media, Person
from memoria.contributions.models import Contribution
from memoria.core.roles import CURATOR
from memoria.sources.models import Source
from tests.browser.conftest import VIEWPORTS
from tests.media.files import camera_image

PASSWORD = "a-long-test-password-123"
STORY = "Synthetic test story: this text is test data sent by a browser test, not a family memory."


def in_kazakh(text) -> str:
    with translation.override("kk"):
        return str(gettext(text) if isinstance(text, str) else text)


def has_gps(content: bytes) -> bool:
    return bool(Image.open(io.BytesIO(content)).getexif().get_ifd(ExifTags.IFD.GPSInfo))


def curator_browser(chromium, site):
    user = User.objects.create_user("moderating-curator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATOR))
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto(f"{site}/admin/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("input[type=submit]").click()
    tab.wait_for_url(re.compile(r"/admin/$"))
    return context, tab


def test_a_family_story_with_a_photograph_reaches_the_person_page_once_a_curator_accepts_it(
        site, chromium, settings):
    settings.MEMORIA_CONTRIBUTION_MIN_SECONDS = 0  # the robot check's timing is tested on its own
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    photograph = camera_image("JPEG", (1200, 900))
    assert has_gps(photograph)
    phone = chromium.new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, locale="kk-KZ")
    phone.set_default_timeout(15_000)
    visitor = phone.new_page()
    script_errors = []
    visitor.on("pageerror", lambda error: script_errors.append(str(error)))
    curator_context = None
    try:
        # The visitor reads the person's page in Kazakh and follows "Add what you know".
        visitor.goto(f"{site}/kk/people/{person.pk}/")
        before = visitor.locator("main").inner_text()
        visitor.locator(".contribute-link a").click()
        visitor.wait_for_url(re.compile(rf"/kk/contribute/\?about=person:{person.pk}$"))
        visitor.check("input[name=kind][value=story]")
        visitor.fill("#id_text", STORY)
        visitor.set_input_files("#id_files", files=[{"name": "test-photo.jpg", "mimeType": "image/jpeg",
                                                     "buffer": photograph}])
        visitor.fill("#id_contributor_name", "Test Contributor")
        visitor.fill("#id_contributor_email", "test-contributor@example.org")
        visitor.fill("#id_relation", "test relation")
        visitor.check("input[name=licence][value=cc_by]")
        visitor.check("#id_rights_confirmed")
        visitor.locator("button.send").click()

        # "Received", in Kazakh, with the secret status link shown once.
        visitor.wait_for_url(re.compile(r"/kk/contribute/received/$"))
        assert in_kazakh("Thank you: your contribution was received") in visitor.locator("h1").inner_text()
        status_url = visitor.locator(".secret-link a").get_attribute("href")
        assert re.search(r"/kk/contributions/[^/]+/$", status_url)
        # Nothing is public yet: the person's page is as it was.
        visitor.goto(f"{site}/kk/people/{person.pk}/")
        assert visitor.locator("main").inner_text() == before

        # A curator accepts it in the back office.
        contribution = Contribution.objects.get()
        curator_context, curator = curator_browser(chromium, site)
        curator.goto(f"{site}/admin/contributions/contribution/")
        curator.locator(f"a[href$='/contribution/{contribution.pk}/change/']").first.click()
        curator.get_by_role("button", name="Accept", exact=True).click()
        assert "Accepted: it is in the archive" in curator.locator(".messagelist").inner_text()

        # The story is a cited source on the person's page; the photograph is there, in deep zoom.
        source = Source.objects.get(kind=Source.Kind.FAMILY)
        media = Media.objects.get(person=person)
        visitor.goto(f"{site}/kk/people/{person.pk}/")
        footnotes = visitor.locator("section.footnotes")
        assert source.title_kk in footnotes.inner_text()
        footnotes.get_by_role("link", name=source.title_kk).click()
        assert STORY in visitor.locator("main").inner_text()
        visitor.go_back()
        visitor.locator("[data-deep-zoom-open]").first.click()
        visitor.wait_for_selector("[data-deep-zoom-stage][data-tiles-loaded='yes']")
        # Neither the image shown nor the public copy carries the GPS position.
        shown = visitor.locator("figure img").first.get_attribute("src")
        assert not has_gps(visitor.request.get(f"{site}{shown}").body())
        public_copy = visitor.request.get(f"{site}{media.public_file.url}")
        assert public_copy.ok and not has_gps(public_copy.body())
        assert script_errors == []

        # The status link says "accepted", in Kazakh.
        visitor.goto(status_url)
        assert visitor.locator(".contribution-status").inner_text() == in_kazakh(Contribution.Status.ACCEPTED.label)
    finally:
        phone.close()
        if curator_context is not None:
            curator_context.close()
