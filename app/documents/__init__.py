"""Official documents: rendering, numbering, storage (DOC-1)."""
from ..accounts.roles import ALL_ROLES
from ..core.navigation import add_demo_loader, add_menu_item


def init_app(app):
    from . import models  # noqa: F401
    from .cli import documents_cli
    from .demo import load_demo
    from .pdf import chinese_numeral_date, clause, sentence
    from .views import bp

    app.register_blueprint(bp)
    app.add_template_filter(chinese_numeral_date, "cnnumdate")
    app.add_template_filter(sentence, "sentence")
    app.add_template_filter(clause, "clause")
    app.cli.add_command(documents_cli)
    add_menu_item(app, "已印发公文", "documents.index", ALL_ROLES)
    add_menu_item(app, "公文字体", "documents.fonts_page", ["admin"], group="系统管理")
    add_demo_loader(app, 90, load_demo)
