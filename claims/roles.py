"""Who may do what. Roles are Django groups, so admins manage them in the admin."""

from __future__ import annotations

from typing import Any

EDITOR = "editor"
FACT_CHECKER = "fact-checker"
ROLE_GROUPS = (EDITOR, FACT_CHECKER)


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


def is_fact_checker(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return is_admin(user) or user.groups.filter(name=FACT_CHECKER).exists()


def can_edit_articles(user: Any) -> bool:
    """Editors correct an article's cleaning (put back a wrongly removed paragraph)."""
    if not user.is_authenticated:
        return False
    return is_admin(user) or user.groups.filter(name=EDITOR).exists()
