"""Send pacing per platform: an overall rate, a minimum gap per chat, and a per-minute cap for groups.

Pure bookkeeping on a monotonic clock, so it is easy to test; the sender asks `chat_wait` and `global_wait` before
each send and calls `record` when it sends.
"""

from __future__ import annotations

from collections import deque

from bot.core.platform import SendLimits


class RateLimiter:
    """Tracks one platform's sends. Times are monotonic seconds."""

    def __init__(self, limits: SendLimits) -> None:
        self.limits = limits
        self._next_slot = 0.0
        self._chat_next: dict[str, float] = {}
        self._group_window: dict[str, deque[float]] = {}
        self._paused_until: dict[str, float] = {}

    def chat_wait(self, chat_id: str, is_group: bool, now: float) -> float:
        """Seconds until this chat may receive another message (0 when it may now)."""
        wait = max(self._chat_next.get(chat_id, 0.0), self._paused_until.get(chat_id, 0.0)) - now
        if is_group and self.limits.per_group_per_minute:
            window = self._group_window.get(chat_id)
            if window:
                while window and window[0] <= now - 60.0:
                    window.popleft()
                if len(window) >= self.limits.per_group_per_minute:
                    wait = max(wait, window[0] + 60.0 - now)
        return max(0.0, wait)

    def global_wait(self, now: float) -> float:
        """Seconds until the platform-wide rate allows another send."""
        return max(0.0, self._next_slot - now)

    def record(self, chat_id: str, is_group: bool, now: float) -> None:
        """A send starts now: take the global slot and the chat's."""
        interval = 1.0 / self.limits.per_second if self.limits.per_second else 0.0
        self._next_slot = max(self._next_slot, now) + interval
        if self.limits.per_chat_per_second:
            self._chat_next[chat_id] = now + 1.0 / self.limits.per_chat_per_second
        if is_group and self.limits.per_group_per_minute:
            self._group_window.setdefault(chat_id, deque()).append(now)

    def pause_chat(self, chat_id: str, until: float) -> None:
        """The platform said "retry after": leave this chat alone until then."""
        self._paused_until[chat_id] = max(self._paused_until.get(chat_id, 0.0), until)

    def forget(self, chat_id: str) -> None:
        for table in (self._chat_next, self._group_window, self._paused_until):
            table.pop(chat_id, None)
