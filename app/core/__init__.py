"""Rules with no views of their own, shared by every module."""


def init_app(app):
    from . import audit, database, deadlines, errors, inputs, tasks, web  # noqa: F401 (models)

    database.init_app(app)
    errors.init_app(app)
    inputs.init_app(app)
    web.init_app(app)
    tasks.init_app(app)
