from django import forms

from memoria.archive.media import inspect_upload
from memoria.archive.models import Media


class MediaForm(forms.ModelForm):
    """Checks the uploaded bytes before anything is stored (see archive.media)."""

    class Meta:
        model = Media
        fields = "__all__"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            inspected = inspect_upload(upload)
            self.instance.content_type = inspected.content_type
            self.instance.width = inspected.width
            self.instance.height = inspected.height
        return upload
