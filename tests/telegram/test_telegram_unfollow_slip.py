"""`/unfollow` with a slip in the name, on Communiqué running on the Telegram peer, in a chat that follows ten
actors. "/unfollow Velmra" was answered "This chat does not follow “Velmra”. It follows: ..." and the ten names,
leaving the reader to find the one they had misspelt; it is asked "Did you mean Velmora?", and a "yes" unfollows.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3281
FOLLOWED = ["Velmora", "Kestria", "Ana Kovač", "Henrik Vass", "Iva Brandt", "Goran Lisac", "Marta Aalto",
            "Dragan Mirić", "Maren", "Halvik"]


async def test_a_slip_in_a_followed_name_is_asked_about_and_yes_unfollows(world: WorldRunner) -> None:
    async with world() as w:
        for name in FOLLOWED:
            await w.command(READER, f"/follow {name}")
        [slip] = await w.command(READER, "/unfollow Velmra")
        said = slip.plain_text
        assert "does not follow “Velmra”. Did you mean Velmora?" in said, said
        assert "Kestria" not in said, f"the one it is near, not the whole list: {said}"

        before = len(w.peer.bot_messages(READER))
        w.peer.send_message(READER, "yes", user_id=READER)
        [done] = (await w.peer.await_bot_messages(READER, count=before + 1))[before:]
        assert "no longer follows Velmora" in done.plain_text, done.plain_text

        [surname] = await w.command(READER, "/unfollow Mirc")
        assert "Did you mean Dragan Mirić?" in surname.plain_text, surname.plain_text
        [nowhere] = await w.command(READER, "/unfollow Zanzibar")
        assert "It follows: Kestria, Ana Kovač" in nowhere.plain_text, \
            f"a name near none is told the list: {nowhere.plain_text}"
