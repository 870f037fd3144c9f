from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.zip"}))
        # Empty files go on to ingestion, which reports and keeps them like any bad input.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        required=False, help_text="Text (.txt), saved web pages (.html) or a .zip of them; several at once."
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text="Or paste an article's text."
    )
    url = forms.URLField(
        label="URL", required=False, assume_scheme="https", help_text="Or fetch an article from its URL."
    )
    outlet = forms.CharField(
        required=False, max_length=64, help_text="Outlet slug, e.g. nyt; detected if empty."
    )
    title = forms.CharField(required=False, max_length=500)
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_uploads(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("uploads") or []
        for f in files:
            if f.size > settings.MAX_UPLOAD_BYTES * 4:
                raise forms.ValidationError(f"{f.name} is larger than the upload limit.")
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("uploads") or (data.get("text") or "").strip() or data.get("url")):
            raise forms.ValidationError("Choose a file, paste text, or give a URL.")
        return data
