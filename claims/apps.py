from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the tasks under their names before any service asks for one
        # (claims.services.schedule looks them up by name).
        from claims import tasks  # noqa: F401
