"""Commitment approval rules (CMT-1..10). Services flush, audit and queue; views commit.

common      clock kinds, the transition table, dates and links, stored documents, to-dos
cases       application → letter → decision → materials → fulfilment or the revocation path
revocation  revocation on a recorded ground, one 失信 record per act, blacklisting (CMT-7/8)
clocks      deadline handlers: reminders, missed deadline, late credit entry, calendar moves
"""
# ruff: noqa: F401  (the package re-exports its public API)
from . import clocks  # registers the deadline handlers
from .cases import (CONFIRMATIONS, DuplicateCase, accept, check_credit, check_material, decide, decide_extension,
                    extend, fail, request_extension,
                    find_or_create_party, letter_for_signing, may_extend, open_case_of, publish_letter, sign_letter,
                    start_reminders)
from .common import (ACTION_LABELS, CLOCKS, CREDIT_ENTRY_CLOCK, DUE_TODAY_CLOCK, EXTENSION_WORKDAYS,
                     LETTER_PUBLISH_CLOCK, LETTER_PUBLISH_WORKDAYS, MATERIALS_CLOCK,
                     MATERIALS_WORKDAYS, OPEN, PENDING, REMIND_10_CLOCK, REMIND_BEFORE,
                     REMIND_CLOCK, SERIES, TRANSITIONS, UNDECIDED, case_path, cn_date, credit_badge,
                     materials_due_at, move, office_cases, store_document, timeline, todos)
from .revocation import (BARRING_GROUNDS, CREDIT_GROUNDS, GROUND_SUPERVISION, on_party_blacklisted, revocation_grounds, revoke, revoke_on_recommendation,
                         suspend_for_blacklist)
