"""The async core's middleware pipeline.

Order for one call: the user's per-call middleware → retry → per attempt: pacing (requests per
second, when set) → limits (concurrency) → ts + sign → logging → the user's per-attempt
middleware → transport + envelope decode and code mapping (the client's last step).
"""

from nxwa.pipeline.call import Call, Middleware, Next, Reply
from nxwa.pipeline.pipeline import Pipeline
from nxwa.pipeline.retry import RetryBudget, RetryPolicy

__all__ = ["Call", "Middleware", "Next", "Pipeline", "Reply", "RetryBudget", "RetryPolicy"]
