"""Fact-checkers flag aligned pairs and review open flags; plain forms that htmx enhances."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from claims import roles
from claims.models import Alignment, Flag
from claims.selectors.flags import open_flags
from claims.services import flags as flag_services


@require_POST
@login_required
@user_passes_test(roles.is_fact_checker)
def flag_create(request: HttpRequest, alignment_id: int) -> HttpResponse:
    alignment = get_object_or_404(Alignment, pk=alignment_id)
    try:
        flag = flag_services.flag_create(
            alignment=alignment, user=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        if getattr(request, "htmx", False):
            return render(request, "claims/_flag_result.html", {"error": exc.messages[0]}, status=400)
        messages.error(request, exc.messages[0])
        return _back(request, alignment)
    if getattr(request, "htmx", False):
        return render(request, "claims/_flag_result.html", {"flag": flag})
    messages.success(request, "Flagged as a contradiction; it is now in the review queue.")
    return _back(request, alignment)


@require_GET
@login_required
@user_passes_test(roles.is_fact_checker)
def flag_list(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/flag_list.html", {"flags": open_flags()})


@require_POST
@login_required
@user_passes_test(roles.is_fact_checker)
def flag_review(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = get_object_or_404(Flag, pk=flag_id)
    try:
        flag = flag_services.flag_review(flag=flag, user=request.user, state=request.POST.get("state", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Flag {flag.pk} {flag.state}.")
    return redirect("claims:flag_list")


def _back(request: HttpRequest, alignment: Alignment) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("claims:story_detail", story_id=alignment.story_id)
