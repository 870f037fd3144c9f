"""The search page and "who else reported this" for one sentence.

Both are real pages; with htmx the search form, the mode links and the pager
swap only the results region, and a sentence's "who else reported this" link
swaps itself for the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims.models import Outlet, Story
from claims.selectors import search as search_selectors
from claims.selectors.search import MARK_START, MARK_STOP, MODES, SearchFilters, SearchHit

MODE_LABELS = {"combined": "Best match", "semantic": "Same meaning", "keyword": "Exact words"}
TAB_ORDER = ("combined", "semantic", "keyword")
DEFAULT_MODE = "combined"
MAX_PAGE = search_selectors.MAX_RESULTS // search_selectors.PAGE_SIZE
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)
_ADJACENT = re.compile(r"</mark>(\s+)<mark>")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=300, strip=True)
    mode = forms.ChoiceField(required=False, choices=[(m, MODE_LABELS[m]) for m in MODES])
    outlet = forms.ChoiceField(required=False)
    story = forms.IntegerField(required=False, min_value=1)
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data: QueryDict, *, outlets: list[Outlet]) -> None:
        # The query string says from/to; the form's fields must not shadow Python's `from`.
        renamed = data.copy()
        for outside, inside in (("from", "date_from"), ("to", "date_to")):
            if outside in renamed:
                renamed.setlist(inside, renamed.getlist(outside))
        super().__init__(renamed)
        outlet = self.fields["outlet"]
        assert isinstance(outlet, forms.ChoiceField)
        outlet.choices = [("", "All outlets"), *((o.slug, o.name) for o in outlets)]
        shown = search_selectors.MAX_RESULTS
        self.fields["page"].error_messages["max_value"] = (
            f"Only the first {shown} results are shown; narrow the search with a filter."
        )

    def clean_story(self) -> Story | None:
        story_id = self.cleaned_data.get("story")
        if story_id is None:
            return None
        story = Story.objects.filter(pk=story_id).only("pk", "title").first()
        if story is None:
            raise forms.ValidationError(f"There is no story #{story_id}.")
        return story

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The From date is after the To date.")
        return data


@dataclass
class ShownHit:
    hit: SearchHit
    text: SafeString  # escaped, matched words in <mark>
    link: str  # the claim on its compare page, else the sentence in its article
    link_label: str
    similar: str


def marked(hit: SearchHit) -> SafeString:
    """The sentence escaped, with the words the keyword query matched in <mark>."""
    escaped = escape(hit.headline or hit.text)
    # One mark over a matched phrase, not one per word.
    highlighted = _ADJACENT.sub(r"\1", _MARKED.sub(r"<mark>\1</mark>", escaped))
    return mark_safe(highlighted.replace(MARK_START, "").replace(MARK_STOP, ""))


def shown_hits(hits: list[SearchHit]) -> list[ShownHit]:
    out = []
    for hit in hits:
        if hit.compare_ids and hit.claim_id is not None and hit.story_id is not None:
            ids = ",".join(str(pk) for pk in hit.compare_ids)
            link = f"{reverse('claims:compare', args=[hit.story_id])}?articles={ids}#claim-{hit.claim_id}"
            label = "See the claim side by side"
        else:
            link = f"{reverse('claims:article_detail', args=[hit.article_id])}#s{hit.index}"
            label = "Read it in the article"
        similar = reverse("claims:sentence_similar", args=[hit.sentence_id])
        out.append(ShownHit(hit, marked(hit), link, label, similar))
    return out


def _url(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return f"{reverse('claims:search')}?{query}"


def _partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    # A history restore after the cache let go of the page needs the whole page back.
    return not htmx.history_restore_request


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    outlets = list(Outlet.objects.only("pk", "slug", "name"))
    form = SearchForm(request.GET, outlets=outlets)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    q = data.get("q", "") if valid else request.GET.get("q", "")[:300]
    mode = data.get("mode") or DEFAULT_MODE
    story: Story | None = data.get("story")
    params = {
        "q": q,
        "mode": mode,
        "outlet": data.get("outlet", ""),
        "story": story.pk if story else None,
        "from": data["date_from"].isoformat() if data.get("date_from") else None,
        "to": data["date_to"].isoformat() if data.get("date_to") else None,
    }
    results = None
    if valid and q:
        outlet_id = next((o.pk for o in outlets if o.slug == params["outlet"]), None)
        filters = SearchFilters(
            outlet_id=outlet_id,
            story_id=story.pk if story else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        results = search_selectors.sentence_search(
            text=q, mode=mode, filters=filters, page=data.get("page") or 1
        )
    context = {
        "form": form,
        "q": q,
        "mode": mode,
        "mode_label": MODE_LABELS[mode],
        "params": params,
        "outlets": outlets,
        "story": story,
        "results": results,
        "hits": shown_hits(results.hits) if results else [],
        "first_number": (results.number - 1) * search_selectors.PAGE_SIZE + 1 if results else 1,
        "modes": [
            {"label": MODE_LABELS[m], "url": _url(params, mode=m), "current": m == mode} for m in TAB_ORDER
        ],
        "show_score": mode == "semantic",
        "semantic_url": _url(params, mode="semantic"),
        "max_results": search_selectors.MAX_RESULTS,
        "without_story": _url(params, story=None),
        "previous": _url(params, page=results.number - 1) if results and results.number > 1 else "",
        "next": _url(params, page=results.number + 1) if results and results.has_next else "",
    }
    partial = _partial(request)
    template = "claims/search.html#results" if partial else "claims/search.html"
    # htmx swaps no 4xx response, so a partial carries its errors with a 200.
    status = 400 if form.errors and not partial else 200
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
@login_required
def sentence_similar(request: HttpRequest, sentence_id: int) -> HttpResponse:
    """Who else reported this: the nearest sentences of other outlets and other stories."""
    sentence = search_selectors.sentence_for_similar(sentence_id=sentence_id)
    if sentence is None:
        raise Http404("No such sentence.")
    hits = search_selectors.sentence_similar(sentence=sentence)
    context = {
        "sentence": sentence,
        "article": sentence.article,
        "hits": shown_hits(hits),
        "minimum": search_selectors.SIMILAR_MIN,
        "has_embedding": sentence.embedding is not None,
    }
    partial = _partial(request)
    context["compact"] = partial  # shown inside a compare cell or an article's text
    template = "claims/_search_similar.html#similar" if partial else "claims/_search_similar.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
