"""Commitment approval (承诺审批, CMT-1..10): the approval office's side."""


def init_app(app):
    from ..core.navigation import add_menu_item, add_panel, add_todo_provider
    from ..extensions import db
    from ..documents.models import register_viewer
    from . import models  # noqa: F401
    from .credit import connect_blacklisted
    from .models import DOCUMENT_KINDS, may_view_document
    from .services import on_party_blacklisted, todos
    from .views import bp, credit_file_panel

    app.register_blueprint(bp)
    from .credit import Subject, register_subject

    def describe_case(case_id):
        case = db.session.get(models.CommitmentCase, case_id)
        return case and Subject("承诺审批案件", case.item_name, case.decision_number)

    register_subject(app, models.CommitmentCase.__tablename__, describe_case)
    add_menu_item(app, "承诺审批", "commitment.index", ("approver", "legal_rep"), group="审批")
    add_todo_provider(app, todos)
    add_panel(app, "credit.party", credit_file_panel)  # the letters are part of the credit file
    connect_blacklisted(on_party_blacklisted)  # CMT-7
    for kind in DOCUMENT_KINDS.values():  # LNK-3: both offices of a case see its documents
        register_viewer(app, kind, may_view_document)
