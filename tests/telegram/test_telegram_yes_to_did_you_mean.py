"""A reader on the Telegram peer who is asked "Did you mean /latest?" or "Did you mean Europe/Berlin?" answers as
people answer a question: "yes". The bot took the word for free text and sent its generic hint ("Communiqué
answers commands: /latest for the newest stories ..."), as though it had asked nothing, and the reader had to
type the whole command again. A "yes" in a private chat now runs the command the bot offered, once.
"""

from __future__ import annotations

from storage import subscriptions as sub_store
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import HARBOUR_TITLES, TelegramWorld

READER = 3271


async def answer(w: TelegramWorld, text: str) -> str:
    """The reader writes plain text (no command) in their private chat; the bot's answer."""
    before = len(w.peer.bot_messages(READER))
    w.peer.send_message(READER, text, user_id=READER)
    return (await w.peer.await_bot_messages(READER, count=before + 1))[before].plain_text


async def test_yes_runs_the_command_the_bot_offered(world: WorldRunner) -> None:
    async with world() as w:
        [offer] = await w.command(READER, "/lates 1 trade")
        assert "Did you mean /latest?" in offer.plain_text, offer.plain_text
        said = await answer(w, "Yes!")
        assert HARBOUR_TITLES[0] in said and "Latest 1 story on trade" in said, said

        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"an offer is taken once: {said}"

        await w.command(READER, "/subscribe trade")
        [offer] = await w.command(READER, "/settings tz Europe/Berln")
        assert "Did you mean Europe/Berlin?" in offer.plain_text, offer.plain_text
        said = await answer(w, "yes please")
        assert said.startswith("Saved.") and "(Europe/Berlin)" in said, said
        [settings] = await w.command(READER, "/settings")
        assert "Europe/Berlin" in settings.plain_text, settings.plain_text


async def test_an_offer_is_the_askers_and_ends_at_their_next_command(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/lates 1 trade")
        await w.command(READER, "/sources")
        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"the offer was before another command: {said}"


async def test_ok_alone_is_yes_ok_and_more_is_not_and_a_no_is_heard(world: WorldRunner) -> None:
    """"ok" alone, after a question, is assent: the reader is agreeing. "ok thanks" closes the exchange (they read
    the hint) and "okay, never mind" declines: neither runs the command. A "yes" with thanks after it is still a
    yes; a "no" (or "never mind") is answered that nothing was done, not with the hint for free text, which read
    as the bot not hearing the answer."""
    async with world() as w:
        await w.command(READER, "/lates 1 trade")
        said = await answer(w, "ok")
        assert "Latest 1 story on trade" in said, f"ok alone is yes: {said}"

        await w.command(READER, "/lates 1 trade")
        said = await answer(w, "ok thanks")
        assert "Latest" not in said and "Communiqué answers commands" in said, f"ok thanks is no yes: {said}"

        await w.command(READER, "/lates 1 trade")
        said = await answer(w, "okay, never mind")
        assert "Latest" not in said and said.startswith("Nothing done"), f"okay, never mind declines: {said}"

        await w.command(READER, "/lates 1 trade")
        said = await answer(w, "Yes, thanks!")
        assert "Latest 1 story on trade" in said, f"yes with thanks is yes: {said}"

        await w.command(READER, "/lates 1 trade")
        said = await answer(w, "no")
        assert said.startswith("Nothing done"), f"a no is answered: {said}"
        said = await answer(w, "no")
        assert "Communiqué answers commands" in said, f"with no question left, a no is free text: {said}"


async def test_yes_to_a_name_follow_offered_follows_it(world: WorldRunner) -> None:
    """`/follow Velmra` is answered "Did you mean: Velmora?"; the reader's "yes" got the hint for free text, as the
    offer of a name was no question the bot kept. One name offered is kept as a command's is; several are not (a
    "yes" could not say which)."""
    async with world() as w:
        [offer] = await w.command(READER, "/follow Velmra")
        assert "Did you mean: Velmora?" in offer.plain_text, offer.plain_text
        said = await answer(w, "yes")
        assert said.startswith("This chat now follows Velmora"), said


async def test_yes_to_the_one_pledger_offered_lists_its_pledges(world: WorldRunner) -> None:
    """`/pledges Velmra` is answered "Did you mean: Velmora?"; a "yes" lists Velmora's pledges."""
    async with world() as w:
        [offer] = await w.command(READER, "/pledges Velmra")
        assert "Did you mean: Velmora?" in offer.plain_text, offer.plain_text
        said = await answer(w, "yes")
        assert said.startswith("Pledges by Velmora") and "reopen the Orlen crossing" in said, said


async def test_yes_mends_every_slip_and_keeps_the_other_topics(world: WorldRunner) -> None:
    """Several topics, two of them a letter off a source tag (`/subscribe bordrs trad ceasefire`): the bot
    subscribed the chat as typed and asked, of each slip, "did you mean the topic ...?", each with a command that
    mended that slip alone and put the other back, and a "yes" got the hint for free text, the chat keeping the
    keywords no story holds. The command after the last slip mends them all, keeping the other topics; a "yes" runs
    it."""
    async with world() as w:
        [asked] = await w.command(READER, "/subscribe bordrs trad ceasefire")
        said = asked.plain_text
        assert ("bordrs (did you mean the topic borders?), trad (did you mean the topic trade? /subscribe borders "
                "trade ceasefire)") in said, said
        said = await answer(w, "yes")
        assert "already subscribed; updated" in said and "on borders, trade, ceasefire" in said, said
        sub = sub_store.get(w.db, "telegram", str(READER))
        assert sub is not None and sub.topics == ["borders", "trade", "ceasefire"], sub
        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"an offer is taken once: {said}"
        [right] = await w.command(READER, "/subscribe borders")
        assert "did you mean" not in right.plain_text, right.plain_text
        said = await answer(w, "yes")
        assert "Communiqué answers commands" in said, f"nothing was asked: {said}"
