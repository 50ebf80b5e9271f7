"""The periodic jobs, for RQ's built-in cron:  rq cron jobs.schedule --url $REDIS_URL
(the embedded runner of `make run` loads the same list)."""
from rq import cron

from .audit import anchor_audit_chain
from .deadlines import credit_reminders, sweep
from .hall import hall_sweep
from .hotline_clusters import hotline_clusters
from .knowledge import knowledge_filings
from .leaders import leader_rollup
from .linkage import linkage_reminders
from .notify import resend_pending
from .pending import flush_pending
from .rankings import monthly_bulletins
from .reviews import callback_lists

EVERY_MINUTE = 60

# (function, queue, interval in seconds)
SCHEDULE = (
    (sweep, "default", EVERY_MINUTE),            # deadline warnings / overdue, minute timers
    (resend_pending, "notify", EVERY_MINUTE),    # outbox rows Redis did not take (NTF-1)
    (flush_pending, "default", EVERY_MINUTE),    # other jobs Redis did not take (issue 15 §9)
    (credit_reminders, "default", EVERY_MINUTE),  # CRD objection / repair reminders
    (linkage_reminders, "default", 5 * EVERY_MINUTE),  # LNK-5 Friday 12:00 notes, LNK-6 meetings
    (hall_sweep, "default", 15 * EVERY_MINUTE),  # APT-5 reminders, APT-7 no-shows, CRD-8 ban ends
    (callback_lists, "default", 60 * EVERY_MINUTE),  # REV-2 the day's callback lists
    (knowledge_filings, "default", 60 * EVERY_MINUTE),  # HOT-22 monthly filings opened when due
    (hotline_clusters, "default", 15 * EVERY_MINUTE),  # HOT-15 集中反映 alerts
    (anchor_audit_chain, "default", 10 * EVERY_MINUTE),  # signed head of the audit chain (SEC-4)
    (leader_rollup, "default", 60 * EVERY_MINUTE),  # issue 22: leaders' daily figures, last 7 days
    (monthly_bulletins, "documents", 60 * EVERY_MINUTE),  # issue 22 §4 bulletins, 1st working day
)

# meta.cron_interval: a second `rq cron` started by mistake enqueues too, but only the first job
# of each interval runs (jobs.once_per_slot, a Redis key).
for func, queue_name, interval in SCHEDULE:
    cron.register(func, queue_name, interval=interval, job_timeout=300, meta={"cron_interval": interval})
