from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from memoria.core.i18n import LANGUAGE_CODES
from memoria.exhibitions.models import Section
from memoria.labels.layout import GRIDS
from memoria.labels.services import PDF, SVG


class SectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.exhibition} — {obj}"


class LabelSheetForm(forms.Form):
    sections = SectionChoiceField(
        label=_("Sections (stands)"),
        queryset=Section.objects.select_related("exhibition").order_by("exhibition_id", "position", "pk"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the titles"),
        choices=settings.LANGUAGES,
        initial=["kk", "ru", "en"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each label shows the item's title in every language ticked here. A title "
                    "missing in a language is shown in another one, marked “not yet translated”."),
        error_messages={"required": _("Choose at least one language.")},
    )
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[(PDF, _("PDF, ready to print")), (SVG, _("SVG, vector drawing for a print shop"))],
        initial=PDF,
        widget=forms.RadioSelect,
    )
    per_page = forms.TypedChoiceField(
        label=_("Labels per A4 page"),
        choices=[(n, str(n)) for n in GRIDS],
        coerce=int,
        initial=8,
    )

    def clean_languages(self):
        # Keep the site's language order whatever order the browser sent them in.
        chosen = set(self.cleaned_data["languages"])
        return [code for code in LANGUAGE_CODES if code in chosen]
