"""Signals the hotline sends to the modules built on it (followup); they subscribe, the hotline
never imports them."""
from blinker import Namespace

_signals = Namespace()

# Sent with order=WorkOrder after the centre approves the reply (the order is 已办结), inside
# the transaction that completed it.
order_completed = _signals.signal("hotline-order-completed")

# Sent with order=WorkOrder when a unit asks to return an order (HOT-7), inside the transaction;
# the follow-up module counts returns for its 督办 list (HOT-14).
order_returned = _signals.signal("hotline-order-returned")

# Sent with order=WorkOrder when the unit accepts (接单, HOT-4), when it files an extension
# request (HOT-9, extension=ExtensionRequest) and when it reports a major-impact order
# (004 Art 8(2), note=str), inside the transaction; the exchange tells the city platform.
order_accepted = _signals.signal("hotline-order-accepted")
extension_requested = _signals.signal("hotline-extension-requested")
order_flagged = _signals.signal("hotline-order-flagged")

# Sent with order=WorkOrder when intake records an order, inside the transaction (after the
# flush: the order has its id); the near-duplicate index adds it (HOT-15).
order_recorded = _signals.signal("hotline-order-recorded")

# Sent with order=WorkOrder when the recorded text or location of an order is corrected, inside
# the transaction; the near-duplicate index re-signs it (HOT-15).
order_text_changed = _signals.signal("hotline-order-text-changed")
