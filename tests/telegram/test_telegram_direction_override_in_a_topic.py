"""A topic pasted with a right-to-left override around it (the reader sees "balance"), on Communiqué running on the
Telegram peer: it was refused as "“ecnalab” is not a topic: use letters, digits ... only", the word shown reversed
from what the reader saw, and letters it had. The refusal now names the invisible marks and what to do.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3571


async def test_a_topic_with_a_direction_override_is_told_of_the_hidden_marks(world: WorldRunner) -> None:
    async with world() as w:
        for command in ("/latest", "/subscribe"):
            [answer] = await w.command(READER, f"{command} \u202eecnalab\u202c")
            said = answer.plain_text
            assert ("holds invisible marks that turn text around (pasted text?): type the word again without them"
                    in said), said
            assert "use letters, digits" not in said, said
