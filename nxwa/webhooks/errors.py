"""The errors ``nxwa.webhooks`` raises."""

from __future__ import annotations

from nxwa.errors import ConfigurationError, NxwaError

__all__ = ["WebhookConfigurationError", "WebhookParseError", "WebhookSignatureError"]


class WebhookParseError(NxwaError, ValueError):
    """A callback body is not JSON, not an object, or a known callback with malformed fields.

    Unknown fields and unknown event types are not errors (see ``UnknownEvent``).
    """


class WebhookSignatureError(NxwaError):
    """A signed callback failed verification; ``reason`` says which check failed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"webhook signature rejected: {reason}")


class WebhookConfigurationError(ConfigurationError, ValueError):
    """A verifier or redelivery filter was given an invalid setting (also a ``ValueError``)."""
