"""render_pdf(template, **context) -> bytes (DOC-1)."""
from flask import current_app, render_template


def render_pdf(template: str, **context) -> bytes:
    from weasyprint import HTML

    html = render_template(template, **context)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf()
