"""The local Discord peer, proven with the real discord.py: login, sends, slash commands (immediate, deferred,
ephemeral), command sync, Discord's validation, and every injected fault as discord.py surfaces it."""

from __future__ import annotations

import asyncio
import io
import json
import time
import types

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.peers.fake_discord import (
    ADMIN_PERMISSIONS,
    FLAG_EPHEMERAL,
    MEMBER_PERMISSIONS,
    FakeDiscord,
    Fault,
    drive_slash,
    running_fake_discord,
)

SEND = "POST /channels/{channel_id}/messages"
CHANNEL = 700000000000000001


# -- login and plain sends ------------------------------------------------------------------------------------


async def test_login_asks_for_the_bot_and_its_application(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    routes = [c.route for c in fake_discord.calls]
    assert routes == ["GET /users/@me", "GET /oauth2/applications/@me"]
    assert all(c.authorized for c in fake_discord.calls)
    assert discord_client.user is not None and discord_client.user.bot
    assert discord_client.user.name == "Communiqué"
    assert discord_client.application_id == int(fake_discord.application_id)
    assert fake_discord.token not in repr(fake_discord.calls)  # the token is never recorded


async def test_login_with_a_wrong_token_fails_as_on_discord(fake_discord: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents(guilds=True))
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        await client.close()
    assert fake_discord.calls[0].status == 401
    assert all("not-the-token" not in json.dumps(c.__dict__, default=str) for c in fake_discord.calls)


async def test_a_partial_messageable_send_arrives_as_a_real_message(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_client.get_partial_messageable(CHANNEL)
    sent = await channel.send("The envoys met in Geneva.", allowed_mentions=discord.AllowedMentions.none())

    stored = fake_discord.messages(CHANNEL)
    assert [m["content"] for m in stored] == ["The envoys met in Geneva."]
    assert sent.id == int(stored[0]["id"])
    assert sent.author.id == discord_client.user.id  # type: ignore[union-attr]
    assert sent.created_at.year >= 2025  # the id is a real snowflake
    call = fake_discord.calls_to(SEND, channel_id=CHANNEL)[0]
    assert call.json["allowed_mentions"] == {"parse": []}


async def test_answers_carry_exact_json_content_type_and_rate_limit_headers(fake_discord: FakeDiscord) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{fake_discord.base_url}/channels/{CHANNEL}/messages",
            json={"content": "hi"},
            headers={"Authorization": f"Bot {fake_discord.token}"},
        ) as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["Via"]
        assert int(response.headers["X-RateLimit-Limit"]) == 50
        assert int(response.headers["X-RateLimit-Remaining"]) == 49
        assert float(response.headers["X-RateLimit-Reset-After"]) > 0
        assert response.headers["X-RateLimit-Bucket"]


async def test_mentions_ping_only_as_allowed_mentions_permit(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_client.get_partial_messageable(CHANNEL)
    await channel.send("@everyone <@123456789012345678> <@&223456789012345678>")
    await channel.send("@everyone <@123456789012345678>", allowed_mentions=discord.AllowedMentions.none())

    loud, quiet = fake_discord.messages(CHANNEL)
    assert loud["mention_everyone"] and loud["mention_roles"] == ["223456789012345678"]
    assert [u["id"] for u in loud["mentions"]] == ["123456789012345678"]
    assert not quiet["mention_everyone"] and quiet["mentions"] == [] and quiet["mention_roles"] == []


async def test_edit_fetch_and_delete_a_message(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    channel = await discord_client.fetch_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("draft")
    edited = await message.edit(content="final")
    assert edited.edited_at is not None
    fetched = await channel.fetch_message(message.id)
    assert fetched.content == "final"
    await fetched.delete()
    assert fake_discord.messages(CHANNEL) == []


async def test_a_dm_channel_is_opened_for_a_user(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    user = await discord_client.fetch_user(555555555555555555)
    message = await user.send("Your daily digest is ready.")
    assert isinstance(message.channel, discord.DMChannel)
    assert fake_discord.messages(message.channel.id)[0]["content"] == "Your daily digest is ready."


async def test_unknown_routes_are_listed_for_the_test(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    with pytest.raises(discord.NotFound):
        await discord_client.fetch_stage_instance(CHANNEL)
    assert [c.route for c in fake_discord.unhandled] == [f"GET /stage-instances/{CHANNEL}"]


# -- Discord's validation ---------------------------------------------------------------------------------------


async def test_limits_are_enforced_with_discords_error(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    channel = discord_client.get_partial_messageable(CHANNEL)
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send(embed=discord.Embed(title="t" * 257, description="ok"))
    assert too_long.value.status == 400 and too_long.value.code == 50035
    assert "embeds.0.title" in str(too_long.value) and "256 or fewer" in str(too_long.value)

    with pytest.raises(discord.HTTPException) as total:
        await channel.send(embeds=[discord.Embed(description="d" * 4000), discord.Embed(description="d" * 2001)])
    assert total.value.code == 50035 and "6000" in str(total.value)

    with pytest.raises(discord.HTTPException) as content:
        await channel.send("x" * 2001)
    assert "content" in str(content.value)

    with pytest.raises(discord.HTTPException) as empty:
        await channel.send(embed=discord.Embed())
    assert empty.value.code == 50006
    assert fake_discord.messages(CHANNEL) == []


async def test_a_repeated_nonce_with_enforce_nonce_returns_the_first_message_and_posts_nothing(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    """Create Message's `enforce_nonce` as Discord documents it: the bot's message with that nonce from the past few
    minutes is returned and no new one is created. Without it, or with another nonce, or after the window, a send
    posts again; a nonce over 25 characters is refused."""
    channel = discord_client.get_partial_messageable(CHANNEL)
    first = await channel.send("The envoys met.", nonce="d41-daily-0")  # discord.py sets enforce_nonce with it
    again = await channel.send("The envoys met.", nonce="d41-daily-0")
    assert again.id == first.id and len(fake_discord.messages(CHANNEL)) == 1
    assert fake_discord.calls_to(SEND)[-1].json["enforce_nonce"] is True

    route = discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=CHANNEL)
    loose = await discord_client.http.request(route, json={"content": "The envoys met.", "nonce": "d41-daily-0"})
    other = await channel.send("The envoys met.", nonce="d41-daily-1")
    assert len({first.id, int(loose["id"]), other.id}) == 3, "no enforce_nonce, or another nonce: a new message"

    fake_discord.nonce_window = 0.2
    await asyncio.sleep(0.3)
    later = await channel.send("The envoys met.", nonce="d41-daily-1")
    assert later.id != other.id and len(fake_discord.messages(CHANNEL)) == 4

    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("The envoys met.", nonce="n" * 26)
    assert too_long.value.code == 50035 and "nonce" in str(too_long.value) and "25 or fewer" in str(too_long.value)
    await channel.send("The envoys met.", nonce="n" * 25)
    assert len(fake_discord.messages(CHANNEL)) == 5


async def test_limits_are_exact_at_the_boundary(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    channel = discord_client.get_partial_messageable(CHANNEL)
    embed = discord.Embed(title="t" * 256, description="d" * 4096)
    embed.set_footer(text="f" * (6000 - 256 - 4096 - 256 - 1024))
    embed.add_field(name="n" * 256, value="v" * 1024)
    await channel.send(content="c" * 2000, embed=embed)
    assert len(fake_discord.messages(CHANNEL)) == 1


# -- slash commands ---------------------------------------------------------------------------------------------


def _tree(client: discord.Client) -> app_commands.CommandTree[discord.Client]:
    """A test-only command tree: /echo answers at once, /slow defers then follows up, /whisper is ephemeral."""
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)

    @tree.command(name="echo", description="Repeat a phrase")
    async def echo(interaction: discord.Interaction, phrase: str, times: int = 1) -> None:
        await interaction.response.send_message(" ".join([phrase] * times))

    @tree.command(name="slow", description="Think, then answer twice")
    async def slow(interaction: discord.Interaction, edit: bool = False) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.01)
        if edit:
            await interaction.edit_original_response(content="Talks resumed.")
        else:
            await interaction.followup.send("Talks resumed.")
        await interaction.followup.send("A second note.")

    @tree.command(name="whisper", description="Answer only the caller")
    async def whisper(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Only you can see this.", ephemeral=True)

    @tree.command(name="boss", description="Say what the caller may do")
    async def boss(interaction: discord.Interaction) -> None:
        perms = interaction.permissions
        await interaction.response.send_message(f"manage_guild={perms.manage_guild} user={interaction.user.id}")

    return tree


async def test_an_immediate_reply_arrives(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    _tree(discord_client)
    result = await drive_slash(
        fake_discord, discord_client, "echo", {"phrase": "détente", "times": 2}, channel_id=CHANNEL
    )
    assert result.response_type == 4 and not result.deferred and not result.ephemeral
    assert result.content == "détente détente"
    assert [m["content"] for m in fake_discord.messages(CHANNEL)] == ["détente détente"]
    assert [c.route for c in result.calls] == ["POST /interactions/{interaction_id}/{token}/callback"]
    assert result.calls[0].query == {"with_response": "1"}
    assert result.errors == []


async def test_a_deferred_reply_then_follow_up_replaces_the_thinking_message(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    _tree(discord_client)
    result = await drive_slash(fake_discord, discord_client, "slow", channel_id=CHANNEL)
    assert result.deferred
    assert [m["content"] for m in result.messages] == ["Talks resumed.", "A second note."]
    assert all(not m["flags"] & 128 for m in result.messages)  # no message left "thinking…"
    assert [c.route for c in result.calls] == [
        "POST /interactions/{interaction_id}/{token}/callback",
        "POST /webhooks/{application_id}/{token}",
        "POST /webhooks/{application_id}/{token}",
    ]
    assert all("{token}" in c.path for c in result.calls[1:])  # the token is never recorded


async def test_a_deferred_reply_then_edit_of_the_original(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    _tree(discord_client)
    result = await drive_slash(fake_discord, discord_client, "slow", {"edit": True}, channel_id=CHANNEL)
    assert result.deferred
    assert [c.route for c in result.calls][1] == "PATCH /webhooks/{application_id}/{token}/messages/@original"
    assert [m["content"] for m in result.messages] == ["Talks resumed.", "A second note."]


async def test_an_ephemeral_reply_carries_flag_64(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    _tree(discord_client)
    result = await drive_slash(fake_discord, discord_client, "whisper", channel_id=CHANNEL)
    assert result.ephemeral
    assert result.callback is not None and result.callback["data"]["flags"] & FLAG_EPHEMERAL
    assert result.messages[0]["flags"] & FLAG_EPHEMERAL


async def test_member_permissions_reach_the_command(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    _tree(discord_client)
    member = await drive_slash(fake_discord, discord_client, "boss", permissions=MEMBER_PERMISSIONS, user_id=42)
    admin = await drive_slash(fake_discord, discord_client, "boss", permissions=ADMIN_PERMISSIONS, user_id=43)
    assert member.content == "manage_guild=False user=42"
    assert admin.content == "manage_guild=True user=43"


async def test_a_command_in_a_dm(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    _tree(discord_client)
    result = await drive_slash(fake_discord, discord_client, "echo", {"phrase": "hello"}, dm=True)
    assert result.content == "hello"
    assert "guild_id" not in result.payload


async def test_a_command_that_fails_is_reported_with_its_error(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(discord_client)

    @tree.command(name="broken", description="Fails before answering")
    async def broken(interaction: discord.Interaction) -> None:
        raise RuntimeError("summit cancelled")

    with pytest.raises(AssertionError, match="summit cancelled"):
        await drive_slash(fake_discord, discord_client, "broken")


async def test_a_late_answer_is_refused_as_unknown_interaction(
    discord_client: discord.Client, fake_discord: FakeDiscord
) -> None:
    fake_discord.interaction_deadline = 0.05
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(discord_client)

    @tree.command(name="dawdle", description="Answers too late")
    async def dawdle(interaction: discord.Interaction) -> None:
        await asyncio.sleep(0.1)
        await interaction.response.send_message("late")

    result = await drive_slash(fake_discord, discord_client, "dawdle", expect_answer=False)
    assert result.callback is None and result.messages == []
    assert result.calls[0].answer["code"] == 10062
    assert any("10062" in e or "Unknown interaction" in e for e in result.errors)


async def test_a_second_initial_response_is_refused(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    _tree(discord_client)
    result = await drive_slash(fake_discord, discord_client, "whisper")
    url = f"{fake_discord.base_url}/interactions/{result.payload['id']}/{result.payload['token']}/callback"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"type": 4, "data": {"content": "again"}}) as response,
    ):
        body = await response.json()
    assert response.status == 400 and body["code"] == 40060
    assert len(result.messages) == 1


async def test_follow_ups_are_validated_like_messages(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(discord_client)
    codes: list[int] = []

    @tree.command(name="oversize", description="Follows up with too much")
    async def oversize(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        try:
            await interaction.followup.send(embeds=[discord.Embed(description="d" * 3100) for _ in range(2)])
        except discord.HTTPException as error:
            codes.append(error.code)
        await interaction.followup.send("Trimmed instead.")

    result = await drive_slash(fake_discord, discord_client, "oversize")
    assert codes == [50035]
    assert [m["content"] for m in result.messages] == ["Trimmed instead."]


async def test_tree_sync_to_a_guild_hits_the_bulk_overwrite_route(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    tree = _tree(discord_client)
    guild = discord.Object(id=int(fake_discord.guild_id))
    tree.copy_global_to(guild=guild)
    synced = await tree.sync(guild=guild)

    put = fake_discord.calls_to("PUT /applications/{application_id}/guilds/{guild_id}/commands")
    assert len(put) == 1 and put[0].params["guild_id"] == fake_discord.guild_id
    assert sorted(c.name for c in synced) == ["boss", "echo", "slow", "whisper"]
    stored = {c["name"]: c for c in fake_discord.commands(fake_discord.guild_id)}
    assert [o["name"] for o in stored["echo"]["options"]] == ["phrase", "times"]
    assert all(c.id == int(stored[c.name]["id"]) for c in synced)
    assert fake_discord.commands() == []  # nothing global

    again = await tree.sync(guild=guild)  # ids stay for the same names
    assert {c.name: c.id for c in again} == {c.name: c.id for c in synced}
    result = await drive_slash(fake_discord, discord_client, "echo", {"phrase": "x"})
    assert result.payload["data"]["id"] == stored["echo"]["id"]
    assert result.payload["data"]["guild_id"] == fake_discord.guild_id


async def test_global_sync_and_fetch(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    tree = _tree(discord_client)
    await tree.sync()
    fetched = await tree.fetch_commands()
    assert sorted(c.name for c in fetched) == ["boss", "echo", "slow", "whisper"]


async def test_an_invalid_command_is_refused_at_sync(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.put(
            f"{fake_discord.base_url}/applications/{fake_discord.application_id}/commands",
            json=[{"name": "Digest Now", "description": "x" * 101, "type": 1}],
            headers={"Authorization": f"Bot {fake_discord.token}"},
        ) as response,
    ):
        body = await response.json()
    assert response.status == 400 and body["code"] == 50035
    assert set(body["errors"]["0"]) == {"name", "description"}


# -- faults -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "exception", "code"),
    [
        (Fault.missing_access(), discord.Forbidden, 50001),
        (Fault.missing_permissions(), discord.Forbidden, 50013),
        (Fault.unknown_channel(), discord.NotFound, 10003),
        (Fault.rate_limited(via=False), discord.HTTPException, 0),
        (Fault.server_error(503), discord.DiscordServerError, 0),
    ],
    ids=["403-50001", "403-50013", "404-10003", "429-no-via", "503"],
)
async def test_each_fault_surfaces_as_discord_py_raises_it(
    fake_discord: FakeDiscord, discord_client: discord.Client, fault: Fault, exception: type[Exception], code: int
) -> None:
    fake_discord.inject(SEND, fault, channel_id=CHANNEL)
    channel = discord_client.get_partial_messageable(CHANNEL)
    with pytest.raises(exception) as raised:
        await channel.send("A communiqué.")
    assert type(raised.value) is exception
    assert raised.value.status == fault.status and raised.value.code == code  # type: ignore[attr-defined]
    await channel.send("Sent once the fault has passed.")
    assert [m["content"] for m in fake_discord.messages(CHANNEL)] == ["Sent once the fault has passed."]


async def test_without_embed_links_a_message_keeps_its_text_and_loses_its_embeds(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    """As Discord answers a bot without Embed Links (discord-api-docs issue #2601): text kept, embeds dropped without
    an error; embeds alone refused with 403 50013."""
    fake_discord.deny_embed_links(CHANNEL)
    channel = discord_client.get_partial_messageable(CHANNEL)
    sent = await channel.send("A communiqué.", embed=discord.Embed(title="Talks"))
    assert sent.embeds == [] and fake_discord.messages(CHANNEL)[0]["embeds"] == []
    with pytest.raises(discord.Forbidden) as raised:
        await channel.send(embed=discord.Embed(title="Talks"))
    assert raised.value.code == 50013


async def test_a_fault_for_one_channel_spares_the_others(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    fake_discord.inject(SEND, Fault.missing_access(), channel_id=CHANNEL, times=None)
    other = discord_client.get_partial_messageable(CHANNEL + 1)
    await other.send("fine")
    for _ in range(3):
        with pytest.raises(discord.Forbidden):
            await discord_client.get_partial_messageable(CHANNEL).send("blocked")
    assert len(fake_discord.messages(CHANNEL + 1)) == 1


async def test_a_deleted_channel_stays_unknown(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    fake_discord.delete_channel(CHANNEL)
    for _ in range(2):
        with pytest.raises(discord.NotFound) as raised:
            await discord_client.get_partial_messageable(CHANNEL).send("gone")
        assert raised.value.code == 10003


async def test_a_429_with_via_is_retried_by_discord_py_after_retry_after(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    fake_discord.inject(SEND, Fault.rate_limited(retry_after=0.2), times=2, channel_id=CHANNEL)
    started = time.monotonic()
    await discord_client.get_partial_messageable(CHANNEL).send("Patience is diplomacy.")
    elapsed = time.monotonic() - started

    attempts = fake_discord.calls_to(SEND, channel_id=CHANNEL)
    assert [c.status for c in attempts] == [429, 429, 200]
    assert attempts[1].at - attempts[0].at >= 0.2 and elapsed >= 0.4
    assert len(fake_discord.messages(CHANNEL)) == 1


async def test_a_500_is_retried_by_discord_py(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    fake_discord.inject(SEND, Fault.server_error(500), times=1)
    await discord_client.get_partial_messageable(CHANNEL).send("After a hiccup.")  # discord.py waits 1 s, retries
    assert [c.status for c in fake_discord.calls_to(SEND)] == [500, 200]


async def test_a_502_that_persists_becomes_discord_server_error(
    fake_discord: FakeDiscord, discord_client: discord.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # discord.py retries 500/502/504 five times, sleeping 1+3+5+7+9 s. Only time is faked here: discord.http gets
    # an asyncio whose sleep is capped at 10 ms; the peer, the client session and the loop are untouched.
    real_sleep = asyncio.sleep
    fast_asyncio = types.SimpleNamespace(**{**vars(asyncio), "sleep": lambda s, *a: real_sleep(min(s, 0.01))})
    monkeypatch.setattr(discord.http, "asyncio", fast_asyncio)
    fake_discord.inject(SEND, Fault.server_error(502), times=None)
    with pytest.raises(discord.DiscordServerError) as raised:
        await discord_client.get_partial_messageable(CHANNEL).send("Never arrives.")
    assert raised.value.status == 502
    assert len(fake_discord.calls_to(SEND)) == 5


async def test_faults_on_interaction_routes(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    _tree(discord_client)
    fake_discord.inject("POST /webhooks/{application_id}/{token}", Fault.missing_permissions())
    result = await drive_slash(fake_discord, discord_client, "slow", channel_id=CHANNEL)
    assert result.deferred
    assert [c.status for c in result.calls] == [200, 403]
    assert any("Missing Permissions" in e for e in result.errors)


async def test_inject_refuses_an_unknown_route(fake_discord: FakeDiscord) -> None:
    with pytest.raises(ValueError, match="unknown route"):
        fake_discord.inject("POST /channel/{channel_id}/messages", Fault.missing_access())


async def test_the_peers_own_rate_limit_is_honoured_by_discord_py(
    discord_client: discord.Client, fake_discord: FakeDiscord
) -> None:
    fake_discord.set_rate_limit(SEND, 2, 0.3)
    channel = discord_client.get_partial_messageable(CHANNEL)
    started = time.monotonic()
    for index in range(3):
        await channel.send(f"note {index}")
    assert time.monotonic() - started >= 0.25  # discord.py waited for the bucket to reset
    assert [c.status for c in fake_discord.calls_to(SEND)] == [200, 200, 200]


async def test_a_client_ignoring_the_headers_gets_429(fake_discord: FakeDiscord) -> None:
    fake_discord.set_rate_limit(SEND, 1, 5.0)
    async with aiohttp.ClientSession() as session:
        statuses = []
        for _ in range(2):
            async with session.post(
                f"{fake_discord.base_url}/channels/{CHANNEL}/messages",
                json={"content": "hi"},
                headers={"Authorization": f"Bot {fake_discord.token}"},
            ) as response:
                statuses.append(response.status)
                body = await response.json() if response.status == 429 else None
    assert statuses == [200, 429]
    assert body is not None and 0 < body["retry_after"] <= 5.0 and response.headers["Via"]


async def test_latency_delays_answers(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    fake_discord.set_latency(0.15, SEND)
    started = time.monotonic()
    await discord_client.get_partial_messageable(CHANNEL).send("slowly")
    assert time.monotonic() - started >= 0.15


async def test_route_base_is_restored_after_the_peer_stops() -> None:
    before = discord.http.Route.BASE
    async with running_fake_discord() as fake:
        assert fake.base_url == discord.http.Route.BASE
    assert before == discord.http.Route.BASE


async def test_reset_forgets_messages_calls_and_faults(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    fake_discord.inject(SEND, Fault.missing_access(), times=None)
    fake_discord.reset()
    await discord_client.get_partial_messageable(CHANNEL).send("fresh")
    assert [c.route for c in fake_discord.calls] == [SEND]
    assert len(fake_discord.messages(CHANNEL)) == 1


async def test_a_file_upload_is_a_message_with_an_attachment(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    data = discord.File(io.BytesIO(b"communique,digest\n"), filename="digest.csv")
    sent = await discord_client.get_partial_messageable(CHANNEL).send("Attached.", file=data)
    [stored] = fake_discord.messages(CHANNEL)
    assert [a["filename"] for a in stored["attachments"]] == ["digest.csv"]
    assert sent.attachments[0].filename == "digest.csv"


async def test_the_original_response_can_be_fetched_edited_and_deleted(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(discord_client)
    seen: list[str] = []

    @tree.command(name="revise", description="Answers, revises, withdraws a note")
    async def revise(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Draft communiqué.")
        original = await interaction.original_response()
        seen.append(original.content)
        await interaction.edit_original_response(content="Final communiqué.")
        note = await interaction.followup.send("Correction to follow.", wait=True)
        await note.delete()

    result = await drive_slash(fake_discord, discord_client, "revise", channel_id=CHANNEL)
    assert seen == ["Draft communiqué."]
    assert [m["content"] for m in result.messages] == ["Final communiqué."]
    assert result.messages[0]["edited_timestamp"] is not None
    assert [c.route.split(" ")[0] for c in result.calls] == ["POST", "GET", "PATCH", "POST", "DELETE"]


async def test_a_follow_up_before_any_answer_is_refused(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(discord_client)
    codes: list[int] = []

    @tree.command(name="hasty", description="Follows up without answering first")
    async def hasty(interaction: discord.Interaction) -> None:
        try:
            await interaction.followup.send("Too soon.")
        except discord.NotFound as error:
            codes.append(error.code)
        await interaction.response.send_message("Answered properly.")

    result = await drive_slash(fake_discord, discord_client, "hasty")
    assert codes == [10015]
    assert result.content == "Answered properly."
