"""Demo: last month's analysis report, generated on demo load (as the monthly job would on the
first working day), so the report list, its charts, PDF and Excel are there from the start."""
from ..core import clock
from ..hotline_followup.services.ratings import previous_month
from .models import ReportKind
from .services import reports


def load() -> None:
    month = previous_month(clock.today())
    if reports.monthly_exists(month):
        return
    report = reports.request(None, month, month, ReportKind.MONTHLY)
    reports.generate(report)
