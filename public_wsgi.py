"""Public pages on their own host: gunicorn -w 2 -b 127.0.0.1:8001 public_wsgi:app
Only /rexian, /yuyue, /jinban, /fankui, /pingjia and static files answer; the intranet is 404."""
from app import create_app
from app.ops import preload

app = preload.prepare(create_app(public_only=True))
