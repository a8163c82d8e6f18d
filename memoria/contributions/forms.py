"""The fields of a contribution, checked the same way whichever page or client sends it
(services.submit validates every submission with this form; the public page also renders it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from memoria.contributions.models import Contribution
from memoria.contributions.subjects import fact_choices
from memoria.contributions.text import plain_text

MAX_TEXT = 20_000
# What each licence means, in the words the form shows beside it.
LICENCE_EXPLANATIONS = {
    Contribution.Licence.CC_BY: _("Anyone may show and reuse it, naming where it comes from."),
    Contribution.Licence.MUSEUM_MAY_SHOW: _("The museum may show it in the exhibition and on this site; "
                                            "no one else may reuse it."),
    Contribution.Licence.RESEARCH_ONLY: _("The museum may use it for its research, but not show it."),
}
TEXT_FIELDS = ("text", "proposed_value", "person_name", "contributor_name", "relation")


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What would you like to add?"), choices=Contribution.Kind.choices,
                             widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Your text"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The story, or what you know about the correction or the missing person. Plain text."))
    field = forms.ChoiceField(label=_("Which fact is wrong?"), required=False)
    proposed_value = forms.CharField(label=_("What it should say"), required=False, max_length=2000)
    person_name = forms.CharField(label=_("Name of the missing person"), required=False, max_length=300)
    contributor_name = forms.CharField(label=_("Your name"), max_length=200)
    contributor_email = forms.EmailField(
        label=_("Your e-mail"), max_length=254,
        help_text=_("Only the museum sees it: to tell you what becomes of your contribution."))
    relation = forms.CharField(label=_("Your relation to the person"), max_length=200,
                               help_text=_("For example: grandson, niece, neighbour, researcher."))
    licence = forms.ChoiceField(label=_("What may the museum do with it?"), choices=Contribution.Licence.choices,
                                widget=forms.RadioSelect)
    credit_by_name = forms.BooleanField(label=_("Name me as the contributor when it is shown"), required=False)
    rights_confirmed = forms.BooleanField(
        label=_("I hold the rights to what I send (I wrote it, took it, or own it), or its owner agrees"),
        error_messages={"required": _("Please confirm that you hold the rights to what you send.")})

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        facts = fact_choices(subject)
        self.fields["field"].choices = [("", "—"), *facts]
        if not facts:
            # Sent from the exhibition home: no facts of a page to correct.
            self.fields["kind"].choices = [c for c in Contribution.Kind.choices
                                           if c[0] != Contribution.Kind.CORRECTION]

    def clean(self):
        data = super().clean()
        for name in TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = plain_text(data[name])
                if not data[name] and self.fields[name].required:
                    self.add_error(name, self.fields[name].error_messages["required"])
        kind = data.get("kind")
        if kind == Contribution.Kind.STORY and not data.get("text"):
            self.add_error("text", _("Please write the story."))
        if kind == Contribution.Kind.CORRECTION:
            if not data.get("field"):
                self.add_error("field", _("Please choose the fact to correct."))
            if not data.get("proposed_value"):
                self.add_error("proposed_value", _("Please write what the fact should say."))
        if kind == Contribution.Kind.MISSING_PERSON and not data.get("person_name"):
            self.add_error("person_name", _("Please write the name of the missing person."))
        if kind != Contribution.Kind.CORRECTION:
            data["field"], data["proposed_value"] = "", ""
        if kind != Contribution.Kind.MISSING_PERSON:
            data["person_name"] = ""
        return data
