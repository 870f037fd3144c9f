import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
application = get_asgi_application()

from newsdiff.schema import web_process_start  # noqa: E402  (needs the app registry ready)

web_process_start()
