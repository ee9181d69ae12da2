"""Lesson 9 in Python: a sync and an async Django view (blocking-handler.ts and async-handler.ts).

The async view, async def view(request) with await asyncio.sleep(0.2), waits without holding
anything: under an ASGI server three such requests overlap and are all answered after about
200 ms, like the async node:http handler in async-handler.ts.

The sync view holds the thread it runs on for the whole 200 ms, like sleepSync in
blocking-handler.ts. What differs is how much that stops: Django runs sync views on worker
threads or processes, so other requests can go on as long as a worker is free; in Node every
handler runs on the one main thread, so a blocking handler stops the whole server.

A whole Django project in one file. Needs Django (3.1 or later) and an ASGI server:
  pip install django uvicorn
Run it, in this folder:   uvicorn views:application
Then send three requests at once to each view, in another terminal, and compare the times:
  time (for p in a b c; do curl -s localhost:8000/async/$p & done; wait)
  time (for p in a b c; do curl -s localhost:8000/sync/$p & done; wait)
"""
import asyncio
import time

from django.conf import settings

settings.configure(DEBUG=True, SECRET_KEY="lesson-9-not-a-secret", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__)

from django.core.asgi import get_asgi_application  # noqa: E402  (Django needs its settings first)
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def sync_view(request, name):
    time.sleep(0.2)  # e.g. a sync DB driver: this thread waits here, like sleepSync(200)
    return HttpResponse(f"hello from /{name}\n")


async def async_view(request, name):
    await asyncio.sleep(0.2)  # e.g. an async DB query: the server stays free, like await sleep(200)
    return HttpResponse(f"hello from /{name}\n")


urlpatterns = [path("sync/<str:name>", sync_view), path("async/<str:name>", async_view)]
application = get_asgi_application()
