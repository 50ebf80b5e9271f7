"""好差评 (issue 21): ratings of every 办件 on five levels at the window pad and by SMS link,
one callback per matter, warning lights by unit, bad reviews closed in a loop, points and
analysis. Imports run reviews → matters / hall; they tell reviews through blinker signals."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from ..matters.services import matter_completed
    from . import models  # noqa: F401
    from .public import bp as public_bp
    from .services import cases, ratings
    from .views import bp, todos

    matter_completed.connect(ratings.offer_link, weak=False)   # SMS link to the public page
    ratings.rating_bad.connect(cases.on_bad_rating, weak=False)  # REV-5: the case
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)   # PUB-1: the public rating page and the rating pad
    add_menu_item(app, "差评处理", "reviews.cases", ("leader", "window_clerk"), group="reviews")
    add_menu_item(app, "每日回访", "reviews.callbacks", ("callback_agent",), group="reviews")
    add_menu_item(app, "好差评分析", "reviews.analysis", ("leader",), group="reviews")
    add_menu_item(app, "窗口评价器", "reviews.pads", ("leader",), group="reviews")
    add_menu_item(app, "扣分标准", "reviews.weights", ("leader",), group="reviews")
    add_todo_provider(app, todos)

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 90, load_demo)
