from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from claims.models import Article, Story


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
    story = forms.CharField(
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"list": "story-slugs", "autocomplete": "off"}),
        help_text="Story slug to add every article to; empty: each article joins the story of its event.",
    )

    def clean_story(self) -> Story | None:
        slug = (self.cleaned_data.get("story") or "").strip()
        if not slug:
            return None
        story = Story.objects.filter(slug=slug).first()
        if story is None:
            raise forms.ValidationError(f"There is no story with the slug “{slug}”.")
        return story

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


class StoryRenameForm(forms.Form):
    title = forms.CharField(
        required=False, max_length=500, help_text="Leave empty to name the story after its headlines again."
    )


class StoryMergeForm(forms.Form):
    """The story to merge into; any story but the one being merged."""

    into = forms.ModelChoiceField(
        queryset=Story.objects.none(),
        label="Merge into",
        error_messages={"invalid_choice": "That story no longer exists; pick another."},
    )

    def __init__(self, *args: Any, story: Story, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Story.objects.exclude(pk=story.pk).only("pk", "title")  # type: ignore[attr-defined]


class StorySplitForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(),
        error_messages={"required": "Pick the articles to split out into a new story."},
    )
    title = forms.CharField(
        required=False, max_length=500, help_text="Empty: named after the split-out headlines."
    )

    def __init__(self, *args: Any, story: Story, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        articles = Article.objects.filter(story=story).only("pk", "story_id", "version_of_id", "title")
        self.fields["articles"].queryset = articles  # type: ignore[attr-defined]


class ArticleMoveForm(forms.Form):
    """Where to move an article: a story's id, or "new" for a story of its own."""

    NEW = "new"
    story = forms.CharField(max_length=20)

    def clean_story(self) -> Story | None:
        value = self.cleaned_data["story"].strip()
        if value == self.NEW:
            return None
        story = Story.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if story is None:
            raise forms.ValidationError("That story no longer exists; pick another.")
        return story


class ArticleOutletForm(forms.Form):
    outlet = forms.CharField(
        max_length=200, help_text="A known outlet's name or slug, or a new outlet's name."
    )
