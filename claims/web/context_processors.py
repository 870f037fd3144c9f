from typing import Any

from django.http import HttpRequest

from claims import roles


def user_roles(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "is_admin": roles.is_admin(user),
        "is_fact_checker": roles.is_fact_checker(user),
        "can_edit_articles": roles.can_edit_articles(user),
    }
