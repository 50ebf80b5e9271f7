"""Domain events of commitment approval. Other domains subscribe in their init_app; this
package never imports them (imports run one way: supervision → commitment)."""
from blinker import Namespace

_signals = Namespace()

# sender=case, now=: the 承诺审批 decision was made (CMT-5: push to supervision, LNK-3)
case_decided = _signals.signal("commitment-case-decided")
# sender=case, now=: the decision was revoked (LNK-3: the revocation is pushed too)
case_revoked = _signals.signal("commitment-case-revoked")
