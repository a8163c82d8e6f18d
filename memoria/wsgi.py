import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memoria.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps and their models) lives as long as the worker:
# out of the garbage collector's sight, a full collection no longer walks it
# again and again while a page's objects come and go.
gc.freeze()
