from flask_wtf import FlaskForm
from wtforms import SelectMultipleField


class PrintBatchForm(FlaskForm):
    # The choices are the user's own documents; the service re-checks each id.
    document_ids = SelectMultipleField("公文", coerce=int, validate_choice=False)
