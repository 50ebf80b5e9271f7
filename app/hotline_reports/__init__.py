"""12345 hotline analysis reports (HOT-23): monthly and on-demand, on screen (ECharts), as an
issued PDF and as Excel, generated in the background. Reads the hotline, follow-up and
knowledge packages; nothing imports it back."""
from ..core.navigation import add_demo_loader, add_menu_item
from ..documents.models import register_viewer
from . import demo, models  # noqa: F401
from .services import output, reports
from .views import bp


def init_app(app):
    app.register_blueprint(bp)
    register_viewer(app, output.DOCUMENT_KIND, reports.may_view_document)
    add_menu_item(app, "热线数据分析报告", "hotline_reports.index", reports.VIEW_ROLES, group="hotline")
    add_demo_loader(app, 95, demo.load)
