"""Lesson 10 in Python: a Django Channels consumer with a Redis channel layer (websocket.ts in Node).

One long-lived connection: the consumer pushes news the moment it has some (server to client,
unasked) and receives what the client says on the same connection (client to server).

What the Redis channel layer adds: group_send() goes through Redis, so every consumer in the
group gets the message, on every server process that uses the same Redis. Start two servers and
connect a client to each: each client gets the news of both servers. A ws server in Node knows
only its own sockets; to reach the clients of another server you add a broker yourself (Redis
pub/sub, for instance).

A whole Channels project in one file. Needs Django, Channels, channels-redis and Daphne, and a
Redis server on localhost:6379:
  pip install django channels channels-redis daphne     (Redis: apt-get install redis-server)
Run it, in this folder:     daphne -p 8000 consumer:application
A second server:            daphne -p 8001 consumer:application
Connect a client to each, in other terminals (pip install websockets), and type a reply:
  python3 -m websockets ws://localhost:8000/ws/news/
  python3 -m websockets ws://localhost:8001/ws/news/
"""
import asyncio

import django
from django.conf import settings

settings.configure(
    DEBUG=True,
    SECRET_KEY="lesson-10-not-a-secret",
    ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["channels"],
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",  # the layer that lets servers share messages
            "CONFIG": {"hosts": [("localhost", 6379)]},
        },
    },
)
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402  (Django needs its settings first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class NewsConsumer(AsyncWebsocketConsumer):
    async def connect(self):  # like server.on('connection', ...)
        await self.channel_layer.group_add("news", self.channel_name)
        await self.accept()
        self.pusher = asyncio.create_task(self.push_news())

    async def push_news(self):  # like setInterval(() => socket.send(...), 150)
        port = self.scope["server"][1]
        for n in range(1, 4):
            await asyncio.sleep(0.15)
            # To every consumer in the group "news", on every server that shares this Redis.
            message = {"type": "news.message", "text": f"news #{n} from the server on port {port}"}
            await self.channel_layer.group_send("news", message)

    async def news_message(self, event):  # handles the group's messages of type "news.message"
        await self.send(text_data=event["text"])  # server to client, unasked

    async def receive(self, text_data=None, bytes_data=None):  # like socket.on('message', ...)
        print(f"server got: {text_data}")  # client to server, on the same connection

    async def disconnect(self, code):
        self.pusher.cancel()
        await self.channel_layer.group_discard("news", self.channel_name)


application = ProtocolTypeRouter({"websocket": URLRouter([path("ws/news/", NewsConsumer.as_asgi())])})
