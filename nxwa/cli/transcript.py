"""The demo's readable transcript: each step, the HTTP calls it made as the emulator saw them
(action, status, result code, whether the signature verified) and what came back."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from nxwa.testing import FakeNxCloud, RecordedRequest

__all__ = ["Transcript"]

#: Steps with more calls than this are summarised in one line per endpoint.
_DETAIL_LIMIT = 6


def _verified(flag: bool | None) -> str:
    return {True: "signature verified", False: "SIGNATURE REJECTED", None: "signature unchecked"}[
        flag
    ]


def _call_line(r: RecordedRequest) -> str:
    path = r.path + (f"?{r.query}" if r.query else "")
    code = "-" if r.code is None else str(r.code)
    return (
        f"      {r.method:<6} {path}\n"
        f"             action={r.action}  HTTP {r.status}  result {code}"
        f"  {_verified(r.signature_verified)}"
    )


class Transcript:
    """Prints steps and checks; ``ok`` turns False at the first failed check."""

    def __init__(self, fake: FakeNxCloud, out: TextIO) -> None:
        self._fake = fake
        self._out = out
        self._seen = 0
        self._step = 0
        self.ok = True

    def say(self, text: str = "") -> None:
        self._out.write(text + "\n")

    def step(self, title: str, call: str) -> None:
        self._step += 1
        self.say(f"\n{self._step:>2}. {title}")
        self.say(f"    {call}")

    def calls(self) -> list[RecordedRequest]:
        """Print (and return) the requests made since the last call."""
        new = self._fake.requests[self._seen :]
        self._seen = len(self._fake.requests)
        if len(new) <= _DETAIL_LIMIT:
            for record in new:
                self.say(_call_line(record))
            return new
        groups = Counter((r.method, r.endpoint_id, r.action, r.status, r.code) for r in new)
        for (method, endpoint, action, status, code), count in groups.items():
            verified = sum(
                1 for r in new if r.endpoint_id == endpoint and r.signature_verified is True
            )
            self.say(
                f"      {count} x {method} {endpoint}  action={action}  HTTP {status}  "
                f"result {code}  signatures verified {verified}/{count}"
            )
        return new

    def result(self, text: str) -> None:
        self.say(f"    => {text}")

    def check(self, condition: bool, what: str) -> None:
        if not condition:
            self.ok = False
            self.say(f"    !! FAILED: {what}")
