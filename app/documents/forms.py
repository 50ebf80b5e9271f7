from ..core.forms import ChineseForm
from wtforms import SelectMultipleField


class PrintBatchForm(ChineseForm):
    # The choices are the user's own documents; the service re-checks each id.
    document_ids = SelectMultipleField("公文", coerce=int, validate_choice=False)
