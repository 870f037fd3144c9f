import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
application = get_wsgi_application()

from newsdiff.schema import web_process_start  # noqa: E402  (needs the app registry ready)

web_process_start()
