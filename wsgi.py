"""Production entry point: gunicorn -c deploy/gunicorn.conf.py wsgi:app"""
from app import create_app
from app.ops import preload

app = preload.prepare(create_app())
