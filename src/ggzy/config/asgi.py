import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ggzy.config.settings")
application = get_asgi_application()

from ggzy.core.startup import require_secret_key  # noqa: E402 - needs the settings loaded above

require_secret_key()
