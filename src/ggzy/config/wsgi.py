import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ggzy.config.settings")
application = get_wsgi_application()

from ggzy.core.startup import require_secret_key  # noqa: E402 - needs the settings loaded above

require_secret_key()
