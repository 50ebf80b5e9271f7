"""Signals the hotline sends to the modules built on it (followup); they subscribe, the hotline
never imports them."""
from blinker import Namespace

_signals = Namespace()

# Sent with order=WorkOrder after the centre approves the reply (the order is 已办结), inside
# the transaction that completed it.
order_completed = _signals.signal("hotline-order-completed")
