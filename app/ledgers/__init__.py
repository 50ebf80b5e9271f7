"""台账 (issue 22): each module's standard ledger as Excel — commitment cases, revocations,
credit entries, 督办, appeals, bad-review rectifications, nearby cases, EMS — scoped to the
user's office or district, streamed, large periods written by an RQ job with progress."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from . import models  # noqa: F401
    from .definitions import ALL
    from .registry import register
    from .views import ROLES, bp

    for ledger in ALL:
        register(app, ledger)
    app.register_blueprint(bp)
    add_menu_item(app, "台账导出", "ledgers.index", ROLES, group="ledgers")

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 200, load_demo)
