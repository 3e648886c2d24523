"""How an answer to the bot's "Did you mean ...?" is read (`bot.commands.service.answer_to_offer`), both ways: the
rule the Telegram, Discord and console chats share. Assent is a yes-word alone ("ok", "sure", 👍) or a clear yes
with courtesy after it ("yes please", "yes, thanks"); "ok" with more after it says something else ("ok thanks"
closes the exchange, "okay, never mind" declines); a no-word or "never mind" declines; anything else is no answer.
"""

from __future__ import annotations

import pytest

from bot.commands.service import answer_to_offer

ASSENT = ["yes", "Yes!", "y", "yeah", "yep", "sure", "ok", "OK.", "okay", "k", "👍", "👍️", "yes please",
          "Yes, thanks!", "yes thank you", "sure, please", "ok, do it", "ok go ahead", "go ahead", "do it", "please"]
DECLINE = ["no", "No.", "nope", "nah", "no thanks", "no, thank you", "never mind", "nevermind", "okay, never mind",
           "ok nevermind", "cancel", "👎"]
NEITHER = ["ok thanks", "okay thank you", "thanks", "ok but what about trade?", "latest", "hello", "yes and no",
           "yesterday", "okey dokey then, what is new", ""]


@pytest.mark.parametrize("text", ASSENT)
def test_assent(text: str) -> None:
    assert answer_to_offer(text) is True, text


@pytest.mark.parametrize("text", DECLINE)
def test_decline(text: str) -> None:
    assert answer_to_offer(text) is False, text


@pytest.mark.parametrize("text", NEITHER)
def test_neither_yes_nor_no(text: str) -> None:
    assert answer_to_offer(text) is None, text
