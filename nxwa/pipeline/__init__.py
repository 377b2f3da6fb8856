"""The async core's middleware pipeline.

Order for one call: the user's per-call middleware → retry → per attempt: limits (concurrency,
rate) → ts + sign → logging → the user's per-attempt middleware → code mapping → transport.
"""

from nxwa.pipeline.call import Call, Middleware, Next, Reply
from nxwa.pipeline.pipeline import Pipeline
from nxwa.pipeline.retry import RetryBudget, RetryPolicy

__all__ = ["Call", "Middleware", "Next", "Pipeline", "Reply", "RetryBudget", "RetryPolicy"]
