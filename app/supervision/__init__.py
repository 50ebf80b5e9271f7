"""Supervision office: inbox of pushed cases and verification (SUP-1..4, LNK-3)."""


def init_app(app):
    from ..commitment.events import case_decided, case_revoked
    from ..commitment.views import add_action_labels
    from ..core.navigation import add_demo_loader, add_menu_item, add_panel, add_todo_provider
    from . import models  # noqa: F401
    from .demo import load_demo
    from .services import ACTION_LABELS, case_revoked as on_case_revoked, on_case_decided, todos
    from .views import bp, case_panel

    app.register_blueprint(bp)
    from ..credit.subjects import Subject, register_subject
    from ..extensions import db

    def describe_report(report_id):
        report = db.session.get(models.ViolationReport, report_id)
        case = report and report.task.case
        return case and Subject("日常监管违规反馈", case.item_name, case.decision_number)

    register_subject(app, models.ViolationReport.__tablename__, describe_report)
    add_menu_item(app, "监管收件箱", "supervision.index", ("supervisor",), group="监管")
    add_todo_provider(app, todos)
    add_panel(app, "commitment.case", case_panel)
    add_demo_loader(app, 50, load_demo)
    add_action_labels(app, {f"supervision.{k}": v for k, v in ACTION_LABELS.items()})
    case_decided.connect(on_case_decided, weak=False)  # CMT-5, LNK-3
    case_revoked.connect(on_case_revoked, weak=False)  # LNK-3
