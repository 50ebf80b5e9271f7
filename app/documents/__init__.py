"""Official documents: rendering, numbering, storage (DOC-1)."""


def init_app(app):
    from .cli import documents_cli
    from .pdf import chinese_numeral_date

    app.add_template_filter(chinese_numeral_date, "cnnumdate")
    app.cli.add_command(documents_cli)
