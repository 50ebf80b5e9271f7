"""The 我的待办 home page."""


def init_app(app):
    from .views import bp

    app.register_blueprint(bp)
