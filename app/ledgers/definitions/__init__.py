"""One module per ledger; each has `LEDGER`. ALL is the order of the page's choice list."""
from . import appeals, commitment, credit, duban, ems, nearby, rectifications, revocations

ALL = (commitment.LEDGER, revocations.LEDGER, credit.LEDGER, duban.LEDGER, appeals.LEDGER,
       rectifications.LEDGER, nearby.LEDGER, ems.LEDGER)
