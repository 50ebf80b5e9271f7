"""Commitment cases in any state, for this package's and the supervision tests."""
from app.commitment import services
from tests import factories
from tests.catalog.factories import published_item

SIGNED_SCAN = b"%PDF-1.4\n% the scan of a letter signed by both sides\n%%EOF\n"


def setup(materials=2):
    """(item, approver) — an eligible item of the current catalog and an approver of its office."""
    item = published_item(commitment_eligible=True, materials=materials)
    approver = factories.user("approver", office=item.office)
    return item, approver


def case(state="accepted", *, party=None, item=None, approver=None, missing=None):
    if item is None:
        item, approver = setup()
    party = party or factories.party(legal_representative="张三")
    missing = missing or [m.name for m in item.materials]
    c = services.accept(approver, party=party, item=item, missing=missing)
    if state == "accepted":
        return c
    services.sign_letter(approver, c, scan=SIGNED_SCAN, filename="承诺书.pdf")
    if state == "letter_signed":
        return c
    services.decide(approver, c)
    return c
