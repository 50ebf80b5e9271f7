"""A web server that builds the app once and forks its workers (gunicorn `preload_app`):
the forked workers inherit the app, so a worker recycled after GUNICORN_MAX_REQUESTS starts at
once instead of building the app and loading the segmentation dictionary again (about a
quarter of the API's throughput under a sustained flood went to that). A forked worker must
not share the parent's database connections: its pool starts empty."""
import os

from flask import Flask


def prepare(app: Flask) -> Flask:
    from ..extensions import db
    from ..knowledge import segment

    segment.warm()

    def fresh_pool_in_child() -> None:
        with app.app_context():
            db.engine.dispose(close=False)  # the parent's sockets stay the parent's

    os.register_at_fork(after_in_child=fresh_pool_in_child)
    return app
