"""Who may do what. Roles are Django groups, so admins manage them in the admin."""

from __future__ import annotations

from typing import Any

EDITOR = "editor"
FACT_CHECKER = "fact-checker"
ROLE_GROUPS = (EDITOR, FACT_CHECKER)


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


def _group_names(user: Any) -> frozenset[str]:
    # One query per user object: a page asks several role questions (menu,
    # view, context processor) and request.user is one object per request.
    names = getattr(user, "_newsdiff_groups", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._newsdiff_groups = names
    return names


def is_fact_checker(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return is_admin(user) or FACT_CHECKER in _group_names(user)


def can_edit_articles(user: Any) -> bool:
    """Editors correct an article's cleaning (put back a wrongly removed paragraph)."""
    if not user.is_authenticated:
        return False
    return is_admin(user) or EDITOR in _group_names(user)
