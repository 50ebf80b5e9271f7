"""Hotline analysis reports (HOT-23): one report version generated with its progress, and the
monthly report of last month on the first working day. Idempotent: a finished version is left
alone, and a month's monthly report is made once."""
from . import app_context, once_per_slot


def build_report(report_id: int) -> str:
    from app.extensions import db
    from app.hotline_reports.models import HotlineReport
    from app.hotline_reports.services import reports

    with app_context():
        report = db.session.get(HotlineReport, report_id)
        if report is None:
            return "missing"
        try:
            reports.generate(report, progress=db.session.commit)
            db.session.commit()
        except Exception as error:  # the version is marked failed and the page shows why
            db.session.rollback()
            report = db.session.get(HotlineReport, report_id)
            reports.fail(report, error)
            db.session.commit()
        return report.state.value


@once_per_slot
def monthly_hotline_report() -> str | None:
    from app.extensions import db
    from app.hotline_reports.models import ReportKind
    from app.hotline_reports.services import reports

    with app_context():
        month = reports.monthly_due()
        if month is None:
            return None
        report_id = reports.request(None, month, month, ReportKind.MONTHLY).id
        db.session.commit()
    return build_report(report_id)  # already a background job: generated right here
