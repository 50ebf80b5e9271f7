"""政务服务运行与监察考核系统 — application factory."""
import importlib

from flask import Flask

from . import config
from .extensions import csrf, db, limiter, login_manager, migrate

# One explicit list of the modules that make up the app. Each exposes init_app(app), which
# registers its blueprint, CLI commands, menu entries and to-do providers.
MODULES = (
    "app.core",
    "app.accounts",
    "app.parties",
    "app.calendar",
    "app.audit",
    "app.notify",
    "app.documents",
    "app.home",
    "app.demo",
    "app.catalog",
    "app.credit",
    "app.commitment",
    "app.supervision",
    "app.linkage",
    "app.matters",
    "app.hall",
    "app.reviews",
    "app.knowledge",
    "app.hotline",
    "app.ops",
    "app.nearby",
    "app.feedback",
    "app.hotline_followup",
    "app.leaders",
    "app.rankings",
)


def create_app(overrides: dict | None = None) -> Flask:
    settings = config.load(overrides)
    app = Flask(__name__, instance_path=str(settings["INSTANCE_DIR"]))
    app.config.from_mapping(settings)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.BASE_DIR / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    for name in MODULES:
        importlib.import_module(name).init_app(app)
    return app
