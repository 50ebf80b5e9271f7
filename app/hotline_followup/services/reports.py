"""The sealed reports of re-handling (HOT-13, 004 Art 21) and of 督办 items (Art 23), issued as
numbered official PDFs through app.documents: rendered once, stored, never changed; a revised
report is a new document."""
from ...core.numbering import NumberSeries
from ...documents.services import issue_document

REHANDLING_KIND = "hotline_rehandling_report"
DUBAN_KIND = "hotline_duban_report"
SERIES = {
    REHANDLING_KIND: NumberSeries("hotline_rehandling_report", "热线重办"),
    DUBAN_KIND: NumberSeries("hotline_duban_report", "热线督办"),
}


def issue(kind: str, subject, actor, title: str, addressee: str, template: str, **context):
    """Issued in the unit's name with its seal area (the unit seals the printed copy)."""
    unit = subject.unit
    return issue_document(kind, template, subject, SERIES[kind], actor, title, office=unit,
                          authority=unit.name, addressee=addressee, order=subject.order, **context)
