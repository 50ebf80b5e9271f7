"""Party registry (行政相对人): persons and organisations."""


def init_app(app):
    from ..core import navigation
    from . import demo, models
    from .views import bp

    app.register_blueprint(bp)
    navigation.add_menu_item(app, "行政相对人", "parties.index", models.VIEW_ROLES, group="业务")
    navigation.add_demo_loader(app, 20, demo.load)
