"""`communique check-config` reports what would go wrong later, not only what fails to load: sources fetch would
refuse or cannot find, a config with nothing to fetch, and values of the wrong type, each naming the key, the value
and what is allowed; all at once, with a non-zero exit status. Run as an operator runs it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_cli import SAMPLES, communique


def check(folder: Path, body: str, env: dict | None = None):
    path = folder / "config.toml"
    path.write_text('[storage]\npath = "var/communique.db"\n' + body)
    return communique("check-config", str(path), cwd=folder, env=env)


def problems_of(result) -> list[str]:
    """The problems reported, each without the line of the file it names (`lines_of` has them)."""
    return [re.sub(r"^line \d+: ", "", line.strip()[2:]) for line in result.stderr.splitlines()
            if line.strip().startswith("- ")]


def lines_of(result) -> list[str]:
    return [line.strip()[2:] for line in result.stderr.splitlines() if line.strip().startswith("- ")]


def source(name: str, url: str) -> str:
    return f'[[sources]]\nname = "{name}"\nurl = "{url}"\n'


def test_sources_fetch_would_refuse_or_cannot_find_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "here.xml").write_text("<rss/>")
    result = check(tmp_path, source("Here", "feeds/here.xml") + source("Loop", "http://127.0.0.1:8080/feed")
                   + source("Lan", "https://192.168.1.5/rss") + source("Named", "http://localhost:9000/rss")
                   + source("Six", "http://[::1]/feed") + source("Gone", "feeds/none.xml")
                   + source("Public", "https://news.example.org/rss"))
    assert result.returncode == 2, (result.stdout, result.stderr)
    found = problems_of(result)
    assert len(found) == 5, found
    by_source = {p.split("'url' = ")[1].split(":")[0].strip("'\""): p for p in found}
    assert "[[sources]] #2 'url' = 'http://127.0.0.1:8080/feed'" in found[0] and "allow_private_addresses" in found[0]
    assert any("192.168.1.5" in p and "private" in p for p in found)
    assert any("localhost" in p and "loopback" in p for p in found)
    assert any("[::1]" in p for p in found)
    missing = next(p for p in found if "none.xml" in p)
    assert "#6" in missing and "no such file" in missing and str(tmp_path / "feeds" / "none.xml") in missing
    assert not any("here.xml" in p or "news.example.org" in p for p in found), by_source
    assert "Traceback" not in result.stderr

    allowed = check(tmp_path, "[fetch]\nallow_private_addresses = true\n" + source("Loop", "http://127.0.0.1/feed"))
    assert allowed.returncode == 0, allowed.stderr


def test_a_config_with_no_sources_is_reported(tmp_path: Path) -> None:
    result = check(tmp_path, "[digest]\ntime = \"07:00\"\n")
    assert result.returncode == 2
    assert any("[[sources]]" in p and "no" in p.lower() for p in problems_of(result)), result.stderr


def test_a_value_of_the_wrong_type_names_key_value_and_what_is_allowed(tmp_path: Path) -> None:
    result = check(tmp_path, '[fetch]\nconcurrency = "eight"\nmax_entries = "50"\nmax_redirects = 2.5\n'
                   + source("Here", str(SAMPLES / "feeds" / "world-wire.atom")))
    assert result.returncode == 2
    found = problems_of(result)
    assert "[fetch] 'concurrency' = 'eight': a whole number from 1 to 64" in found, found
    entries = next(p for p in found if "'max_entries'" in p)
    assert "a whole number from 1 to 500" in entries and "without quotes" in entries
    assert any("'max_redirects' = 2.5: a whole number from 1 to 20" in p for p in found), found


def test_the_summary_reads_well(tmp_path: Path) -> None:
    result = check(tmp_path, source("Here", str(SAMPLES / "feeds" / "world-wire.atom")) + "[telegram]\n"
                   '[[subscriptions]]\nplatform = "telegram"\nchat_id = "@news"\n',
                   env={"TELEGRAM_BOT_TOKEN": ""})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 source;" in out and "1 sources" not in out
    assert "1 subscription declared" in out and "1 subscriptions" not in out
    assert "NOT set" in out and "(NOT set (" not in out and "))" not in out


def test_an_interval_of_hours_and_minutes_reads_as_written(tmp_path: Path) -> None:
    # "1h30m" (as Go, systemd and most schedulers write it) was refused as not a duration.
    feed = str(SAMPLES / "feeds" / "world-wire.atom")
    for written, seconds in (("1h30m", 5400), ("1h 30m", 5400), ("2m30s", 150), ("1d12h", 129600)):
        result = check(tmp_path, source("Here", feed) + f'interval = "{written}"\n')
        assert result.returncode == 0, (written, result.stderr)
        from bot.config import load_config
        assert load_config(tmp_path / "config.toml").sources[0].interval == seconds, written
    for wrong in ("1h30", "h30m", "30m1h", "1h-30m"):
        result = check(tmp_path, source("Here", feed) + f'interval = "{wrong}"\n')
        assert result.returncode == 2, wrong
        assert any(f"'interval' = '{wrong}': a duration such as" in p for p in problems_of(result)), result.stderr


def test_the_same_chat_declared_twice_is_refused_and_the_same_feed_is_named_naming_both_blocks(tmp_path: Path) -> None:
    # Both were accepted: the feed was fetched twice, its stories split between two source names at random, and of
    # two blocks for one chat one was applied and the other dropped without a word.
    # The feed is a warning, as `run` and a reload log it (tests/test_runtime.py): nothing is lost or sent twice,
    # and a bot must not stop at its next start over it.
    feed = str(SAMPLES / "feeds" / "world-wire.atom")
    twice = check(tmp_path, source("Wire", "https://news.example.org/rss") + source("Here", feed)
                  + source("Wire again", "https://News.example.org/rss/"))
    assert twice.returncode == 0, twice.stderr
    assert [line.strip() for line in twice.stdout.splitlines() if "warning" in line] == [
        "warning: [[sources]] #3 “Wire again” has the feed of #1 “Wire” (https://News.example.org/rss/): it is "
        "fetched twice, and each story is stored under whichever of the two names read it first; remove one block, "
        "or give it its own url"]

    chats = check(tmp_path, source("Here", feed) + "[telegram]\n"
                  '[[subscriptions]]\nplatform = "telegram"\nchat_id = -100123\n'
                  '[[subscriptions]]\nplatform = "telegram"\nchat_id = "@desk"\n'
                  '[[subscriptions]]\nplatform = "telegram"\nchat_id = "-100123"\ntopics = ["un"]\n',
                  env={"TELEGRAM_BOT_TOKEN": "x"})
    assert chats.returncode == 2, chats.stdout
    assert problems_of(chats) == ["[[subscriptions]] #3 'chat_id' = '-100123': a chat no other [[subscriptions]] "
                                  "block declares (#1 declares telegram -100123)"]

    other_platform = check(tmp_path, source("Here", feed) + "[telegram]\n[discord]\n"
                           '[[subscriptions]]\nplatform = "telegram"\nchat_id = "123"\n'
                           '[[subscriptions]]\nplatform = "discord"\nchat_id = "123"\n',
                           env={"TELEGRAM_BOT_TOKEN": "x", "DISCORD_BOT_TOKEN": "y"})
    assert other_platform.returncode == 0, other_platform.stderr


def test_a_feed_address_with_its_scheme_in_capitals_is_a_web_feed(tmp_path: Path) -> None:
    # 'HTTPS://...' passed as a web address, then was read as a local file: "no such file (.../HTTPS:/...)".
    result = check(tmp_path, source("Wire", "HTTPS://News.example.org/rss") + source("Desk", "Http://desk.example/f"))
    assert result.returncode == 0, result.stderr
    from bot.config import load_config
    urls = [s.url for s in load_config(tmp_path / "config.toml").sources]
    assert urls == ["https://News.example.org/rss", "http://desk.example/f"]


def test_a_token_pasted_into_a_platform_setting_is_refused_and_never_printed(tmp_path: Path) -> None:
    """Telegram's documentation writes its addresses with the token in them (https://api.telegram.org/bot<token>/
    getMe): pasted as `api_base_url`, the token was accepted, printed by check-config among the changed settings,
    and sent at every request inside a wrong address. Any key of a platform's section holding a token is refused,
    without repeating it, as `token` and `token_env` are."""
    telegram = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
    discord = "MTA1NjY3ODkwMTIzNDU2Nzg5MA.GabcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
    feed = source("Public", "https://news.example.org/rss")
    for body, key in (
        (f'[telegram]\napi_base_url = "https://api.telegram.org/bot{telegram}/"\n', "[telegram] 'api_base_url'"),
        (f'[telegram]\noperators = ["{telegram}"]\n', "[telegram] 'operators'"),
        (f'[telegram]\nbot_token = "{telegram}"\n', "[telegram] 'bot_token'"),
        (f'[discord]\napi_base_url = "https://discord.com/api/v10/{discord}"\n', "[discord] 'api_base_url'"),
    ):
        result = check(tmp_path, feed + body, env={"TELEGRAM_BOT_TOKEN": "", "DISCORD_BOT_TOKEN": ""})
        assert result.returncode == 2, (body, result.stdout, result.stderr)
        said = result.stdout + result.stderr
        assert telegram not in said and telegram.split(":")[1] not in said and discord not in said, said
        assert any(p.startswith(f"{key}: holds a bot token") and "environment variable" in p
                   for p in problems_of(result)), (body, problems_of(result))


def test_a_subscription_topic_that_is_a_slip_of_a_tag_is_warned(tmp_path: Path) -> None:
    """As `run` and a reload warn it: a block's topic one letter off a source's tag is a keyword no story says."""
    body = ('[[sources]]\nname = "Gamma desk"\nurl = "https://gamma.example/rss"\ntags = ["gamma"]\n'
            '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\ntopics = ["gama", "ceasefire"]\n')
    result = check(tmp_path, body)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert ("warning: [[subscriptions]] #1 (console terminal): the topic “gama” is no source's tag (did you mean "
            "“gamma”?)") in result.stdout, result.stdout


def test_toml_slips_an_operator_makes_are_said_with_their_line_and_the_fix(tmp_path: Path) -> None:
    """The TOML reader's own words ('Expected newline or end of document after a statement (at line 5, column 9)',
    'Cannot overwrite a value') named neither the line nor the fix, and a time of day written as TOML's own time
    came back as Python's 'datetime.time(8, 0)'. A run's reload logs the same report."""
    feed = source("Public", "https://news.example.org/rss")
    result = check(tmp_path, feed + '[digest]\ntime = 08:00\n')
    [problem] = problems_of(result)
    assert problem.startswith("line 7, time = 08:00: not valid TOML (") and \
        problem.endswith('a time of day or a duration is text, in quotes: time = "08:00"'), problem
    result = check(tmp_path, feed.replace('name = "Public"', 'name = "Public"\ninterval = 15m'))
    [problem] = problems_of(result)
    assert problem.endswith('in quotes: interval = "15m"'), problem
    result = check(tmp_path, feed.replace('name = "Public"', 'name = "Public"\ninterval = 36OO'))
    [problem] = problems_of(result)
    assert problem.endswith('interval takes a number in digits (3600) or a time or duration in quotes ("08:00", '
                            '"15m")'), problem  # quoting "36OO" (letters O) would only be refused next
    result = check(tmp_path, feed.replace("[[sources]]", "[sources]") + source("Other", "https://other.example/rss"))
    [problem] = problems_of(result)
    assert "not valid TOML" in problem and problem.endswith(
        "line 3 reads [sources]: each source is a [[sources]] block, in double brackets"), problem
    result = check(tmp_path, feed + '[digest]\ntime = 08:00:00\n')
    [problem] = problems_of(result)
    assert problem == ("[digest] 'time' = 08:00:00: a time of day as HH:MM, e.g. \"08:30\" (write it in quotes: "
                       "\"08:00\")"), problem


def test_two_sources_of_one_name_name_the_first_block(tmp_path: Path) -> None:
    """'a name not used by another source' left the operator to find which, in a file of many blocks."""
    result = check(tmp_path, source("Wire", "https://a.example/rss") + source("Desk", "https://b.example/rss")
                   + source("wire", "https://c.example/rss"))
    assert problems_of(result) == ["[[sources]] #3 'name' = 'wire': a name no other source has (#1 is “Wire”; "
                                   "names are told apart without regard to case, width, spacing or invisible "
                                   "characters)"], problems_of(result)


def test_a_toml_slip_on_a_line_holding_a_token_does_not_repeat_it(tmp_path: Path) -> None:
    """The TOML report quotes the line it is about: a token pasted without quotes (shell's NAME=value) is not."""
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
    for body in (f"[telegram]\ntoken_env = {token}\n", f"TELEGRAM_BOT_TOKEN={token}\n"):
        result = check(tmp_path, source("Public", "https://news.example.org/rss") + body)
        assert result.returncode == 2 and "not valid TOML" in result.stderr, result.stderr
        assert token.split(":")[1] not in result.stdout + result.stderr, result.stderr


def test_a_zone_that_keeps_no_summer_time_though_its_place_does_is_warned(tmp_path: Path) -> None:
    """'EST' is a zone (UTC-5 all year) and was taken without a word: a bot set for New York's 08:00 sent its
    digests at 09:00 New York time from March to November. Warned, not refused (Panama keeps EST all year), in
    [digest] and in a [[subscriptions]] block, by check-config as by the start and a reload (Config.warnings)."""
    body = ('[digest]\ntimezone = "EST"\n' + source("Gamma desk", "https://gamma.example/rss")
            + '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\ntimezone = "MST"\n'
            + '[[subscriptions]]\nplatform = "console"\nchat_id = "desk"\ntimezone = "America/New_York"\n'
            + '[[subscriptions]]\nplatform = "console"\nchat_id = "wire"\nmode = "instant"\ntimezone = "EST"\n')
    result = check(tmp_path, body)
    assert result.returncode == 0, (result.stdout, result.stderr)
    # A chat sent each story as it comes has no digest to come an hour late: no warning of one.
    assert "#3" not in result.stdout, result.stdout
    assert ("warning: [digest] timezone = “EST” is UTC-5 all year, with no summer time: from March to November a "
            "digest at 08:00 comes at 09:00 in New York. For New York's clock write America/New_York") in result.stdout
    assert "warning: [[subscriptions]] #1 (console terminal): timezone = “MST” is UTC-7 all year" in result.stdout
    assert "America/Denver" in result.stdout and "#2" not in result.stdout, result.stdout


def test_a_zone_written_as_an_offset_or_in_lower_case_is_taken_and_a_slip_gets_the_zone_it_means(
    tmp_path: Path
) -> None:
    """/settings tz takes 'UTC+3' and 'europe/berlin' and suggests the zone a slip means; the config refused the
    first two ('an IANA time zone such as "Europe/Berlin"') and gave no hint for 'Europe/Berln'. An offset is the
    fixed zone it means (Etc/GMT-3, shown as UTC+3); one with minutes points at a place's zone."""
    body = ('[digest]\ntimezone = "UTC+3"\n' + source("Gamma desk", "https://gamma.example/rss")
            + '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\ntimezone = "europe/berlin"\n')
    result = check(tmp_path, body)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert '[digest] timezone = "UTC+3"' in result.stdout and "Etc/GMT" not in result.stdout, result.stdout
    from bot.config import load_config

    config = load_config(tmp_path / "config.toml")
    assert config.digest.timezone == "Etc/GMT-3" and config.subscriptions[0].timezone == "Europe/Berlin"
    slip = check(tmp_path, '[digest]\ntimezone = "Europe/Berln"\n' + source("Gamma desk", "https://gamma.example/rss"))
    assert slip.returncode == 2
    assert ("[digest] 'timezone' = 'Europe/Berln': an IANA time zone such as \"Europe/Berlin\", or an offset such as "
            "\"UTC+3\"; did you mean \"Europe/Berlin\"?") in problems_of(slip), slip.stderr
    half = check(tmp_path, '[digest]\ntimezone = "UTC+5:30"\n' + source("Gamma desk", "https://gamma.example/rss"))
    assert half.returncode == 2 and "a place's zone such as Asia/Kolkata" in half.stderr, half.stderr


def test_a_clock_abbreviation_in_the_config_gets_the_zones_it_is_said_of(tmp_path: Path) -> None:
    """The config reads a zone as /settings tz does, which answers 'PST' with America/Los_Angeles and 'CEST' with
    Europe/Berlin; the config offered nothing for PST, and for CEST "did you mean "EST"?", New York's winter clock
    for Berlin's summer one."""
    for typed, meant in (("CEST", '"Europe/Berlin"'), ("PST", '"America/Los_Angeles"'),
                         ("IST", '"Asia/Kolkata" (India), "Europe/Dublin" (Ireland) or "Asia/Jerusalem" (Israel)')):
        result = check(tmp_path, f'[digest]\ntimezone = "{typed}"\n' + source("Gamma desk", "https://gamma.example/rss"))
        assert result.returncode == 2, (result.stdout, result.stderr)
        [problem] = [p for p in problems_of(result) if "'timezone'" in p]
        assert problem.endswith(f"; did you mean {meant}?"), problem


def test_a_token_of_the_other_platform_in_a_platforms_variable_is_reported_without_it(tmp_path: Path) -> None:
    """The two sections' variables swapped: each platform would send the other's token to its own servers (a
    Telegram token in Discord's Authorization header, a Discord token in Telegram's addresses). Said, unrepeated."""
    telegram = "6120457788:AAGx-SwappedVariableTelegram_k3Pq9Zt"
    discord = "MTA5ODc2NTQzMjEwOTg3NjU0.Gh7Qw2.SwappedVariableDiscordHmac_0123456789"
    body = ('[telegram]\ntoken_env = "DISCORD_BOT_TOKEN"\n[discord]\ntoken_env = "TELEGRAM_BOT_TOKEN"\n'
            + source("Public", "https://news.example.org/rss"))
    result = check(tmp_path, body, env={"TELEGRAM_BOT_TOKEN": telegram, "DISCORD_BOT_TOKEN": discord})
    assert result.returncode == 2, (result.stdout, result.stderr)
    found = problems_of(result)
    assert any("DISCORD_BOT_TOKEN ([telegram] token_env) holds a Discord bot token, not a Telegram one" in p
               for p in found), found
    assert any("TELEGRAM_BOT_TOKEN ([discord] token_env) holds a Telegram bot token, not a Discord one" in p
               for p in found), found
    for secret in (telegram.split(":", 1)[1], discord.rsplit(".", 1)[1]):
        assert secret not in result.stdout + result.stderr


def test_source_names_that_read_the_same_are_one_name(tmp_path: Path) -> None:
    """A name copied from a web page brings a zero-width space or a full-width letter along: 'Wire\\u200b' was a
    name of its own, and the chats saw two sources called Wire ('Also reported by: Wire' under a Wire story). A
    name of invisible characters alone showed as nothing."""
    result = check(tmp_path, source("Wire", "https://a.example/rss") + source("Wire\\u200b", "https://b.example/rss")
                   + source("Ｗire", "https://c.example/rss") + source("Le  Monde", "https://d.example/rss")
                   + source("Le Monde", "https://e.example/rss") + source("\\u200b\\u2060", "https://f.example/rss"))
    found = problems_of(result)
    assert result.returncode == 2 and len(found) == 4, found
    assert found[0].startswith("[[sources]] #2 'name' = 'Wire\\u200b': a name no other source has (#1 is “Wire”;")
    assert found[1].startswith("[[sources]] #3 'name' = 'Ｗire': a name no other source has (#1 is “Wire”;")
    assert found[2].startswith("[[sources]] #5 'name' = 'Le Monde': a name no other source has (#4 is “Le  Monde”;")
    assert found[3].startswith("[[sources]] #6 'name' = '\\u200b\\u2060': a non-empty name"), found[3]


def test_a_user_agent_no_http_header_can_carry_is_reported(tmp_path: Path) -> None:
    """`user_agent = "Communiqué/1.0"` (the product's own name, accented) was taken, and every fetch then stopped
    on it: `communique fetch` with a traceback (UnicodeEncodeError), `run` at every pass, no source ever read. A
    line break in it failed every source. An HTTP header holds printable ASCII alone."""
    feed = source("Public", "https://news.example.org/rss")
    for value in ("Communiqué/1.0 (digest bot)", "Communique/1.0\\r\\nX-Extra: 1"):
        result = check(tmp_path, f'[fetch]\nuser_agent = "{value}"\n' + feed)
        assert result.returncode == 2, (value, result.stdout, result.stderr)
        [problem] = problems_of(result)
        assert problem.startswith("[fetch] 'user_agent' = ") and "printable ASCII" in problem, problem
        fetched = communique("fetch", "--config", str(tmp_path / "config.toml"), cwd=tmp_path)
        assert fetched.returncode == 2 and "Traceback" not in fetched.stderr, fetched.stderr[-2000:]
    assert check(tmp_path, '[fetch]\nuser_agent = "Communique/1.0 (+https://example.org/bot)"\n' + feed
                 ).returncode == 0


def test_a_source_address_no_request_can_go_to_is_reported(tmp_path: Path) -> None:
    """A port out of range ('https://news.example.org:80800/rss', a digit too many) or a host with a space in it
    passed check-config; each fetch then failed as an 'internal error' with a traceback in the log, every time."""
    for url in ("https://news.example.org:80800/rss", "https://news.exa mple.org/rss", "http://:8080/rss"):
        result = check(tmp_path, source("Typo", url))
        assert result.returncode == 2, (url, result.stdout)
        [problem] = problems_of(result)
        assert problem.startswith(f"[[sources]] #1 'url' = '{url}': an http:// or https:// URL"), problem


def test_a_source_address_refused_says_what_in_it_is_wrong(tmp_path: Path) -> None:
    """Such an address, taken by the release before this one, is refused at the upgrade by a message that names what
    is wrong in it: "'https://news.example.org:80800/rss': an http:// or https:// URL, or a local file path" said
    of an https:// URL left the operator looking for what else it should be."""
    said = {"https://news.example.org:80800/rss": "its port 80800 is not a port (0 to 65535)",
            "https://news.exa mple.org/rss": "its host 'news.exa mple.org' has a space or an unprintable character",
            "http://:8080/rss": "it names no host"}
    for url, reason in said.items():
        result = check(tmp_path, source("Typo", url))
        [problem] = problems_of(result)
        assert problem.endswith(f"; {reason}"), problem
    [problem] = problems_of(check(tmp_path, source("Typo", "gopher://news.example.org/rss")))
    assert problem.endswith("an http:// or https:// URL, or a local file path"), problem


def test_changed_settings_show_operators_as_the_file_writes_them(tmp_path: Path) -> None:
    """`operators = [900]` was printed `operators = ["900"]`: ids in quotes the file does not have (and a copy of
    that line into the file would differ from it). Each is shown as written: a number bare, a string quoted."""
    result = check(tmp_path, source("Here", "https://news.example.org/rss")
                   + '[telegram]\noperators = [900, 901]\n[discord]\noperators = ["123456789012345678"]\n'
                   + '[console]\noperators = ["desk"]\n')
    assert result.returncode == 0, result.stderr
    assert "[telegram] operators = [900, 901]" in result.stdout, result.stdout
    assert '[discord] operators = ["123456789012345678"]' in result.stdout, result.stdout
    assert '[console] operators = ["desk"]' in result.stdout, result.stdout


def test_an_operator_written_as_a_user_name_is_refused_with_what_to_write(tmp_path: Path) -> None:
    """`operators = ["@ilse_marven"]` (the name, not the id) was valid: the bot ran, and the operator's /status was
    refused as a stranger's, with nothing anywhere saying why; `test_guild = "Norland desk"` (the server's name) was
    valid too. Telegram and Discord know users and servers by number."""
    feed = source("Public", "https://news.example.org/rss")
    for body, key in (
        ('[telegram]\noperators = ["@ilse_marven"]\n', "[telegram] 'operators'"),
        ('[telegram]\noperators = [123456789, "marven"]\n', "[telegram] 'operators'"),
        ('[discord]\noperators = ["ilse#0042"]\n', "[discord] 'operators'"),
        ('[discord]\ntest_guild = "Norland desk"\n', "[discord] 'test_guild'"),
    ):
        result = check(tmp_path, feed + body, env={"TELEGRAM_BOT_TOKEN": "", "DISCORD_BOT_TOKEN": ""})
        assert result.returncode == 2, (body, result.stdout, result.stderr)
        assert any(p.startswith(key) and "number" in p for p in problems_of(result)), (body, problems_of(result))
    for body in ('[telegram]\noperators = [123456789, "987654321"]\n',
                 '[discord]\noperators = [123456789012345678]\ntest_guild = "234567890123456789"\n'):
        result = check(tmp_path, feed + body, env={"TELEGRAM_BOT_TOKEN": "", "DISCORD_BOT_TOKEN": ""})
        assert result.returncode == 0, (body, result.stdout, result.stderr)


def test_a_tag_in_a_script_whose_letters_carry_marks_is_a_tag(tmp_path: Path) -> None:
    """An operator tags a Hindi source 'वार्ता' (talks) and a Persian one 'گفت‌وگو': both were refused as not "a list
    of short words", the vowel signs of Devanagari and the non-joiner of Persian being no letters, though chats may
    subscribe to such words as topics."""
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "talks.xml").write_text("<rss/>")
    result = check(tmp_path, source("Talks Wire", "feeds/talks.xml") + 'tags = ["वार्ता", "گفت\u200cوگو", "borders"]\n')
    assert result.returncode == 0, (result.stdout, result.stderr)
    from bot.config import load_config

    assert load_config(tmp_path / "config.toml").sources[0].tags == ("वार्ता", "گفت\u200cوگو", "borders")


def test_two_sources_with_one_feed_and_other_tags_say_the_stories_carry_both(tmp_path: Path) -> None:
    # A block copied for a new desk, its url left as it was and its tags changed: every story is stored once, under
    # the first block, and carries both blocks' tags (tests/test_shared_story_tags.py), so the warning names the
    # tags and says the chats following them get the stories, no longer that they miss them.
    feed = str(SAMPLES / "feeds" / "world-wire.atom")
    result = check(tmp_path, source("Wire", feed) + 'tags = ["wire", "un"]\n'
                   + source("Maritime desk", feed) + 'tags = ["maritime", "un"]\n')
    assert result.returncode == 0, result.stderr
    [warning] = [line.strip() for line in result.stdout.splitlines() if "warning" in line]
    assert "#2 “Maritime desk” has the feed of #1 “Wire”" in warning
    assert ("their tags differ (“wire” is #1's alone, “maritime” #2's): each story carries the tags of both "
            "blocks, so a chat following any of those gets it, once") in warning, warning
    assert "only when" not in warning and "miss" not in warning


def test_every_problem_is_reported_in_one_run_each_with_its_line(tmp_path: Path) -> None:
    """A value in error hid the checks that need a loaded config: a feed file not there, an address fetch refuses
    and another platform's token were said only once the values were mended (fix one, run again, see the next).
    All come in one run now, each with the line of the file to mend; a [[sources]] block in error before another
    does not shift that one's number."""
    telegram_form = "1234567890:" + "A" * 35
    result = check(tmp_path, '[digest]\ntime = "25:00"\nmax_itemz = 5\n\n'
                   + source("Harbour desk", "feeds/missing.xml")
                   + source("Port office", "ftp://port.example/feed") + "interval = 10\n"
                   + source("Lan desk", "http://192.168.1.5/rss")
                   + '\n[discord]\ntoken_env = "DESK_TOKEN"\n', env={"DESK_TOKEN": telegram_form})
    assert result.returncode == 2, (result.stdout, result.stderr)
    found = lines_of(result)
    assert "line 4: [digest] 'time' = '25:00': a time of day as HH:MM, e.g. \"08:30\"" in found, found
    assert "line 5: [digest]: unknown key 'max_itemz'; did you mean 'max_items'?" in found, found
    assert any(p.startswith("line 12: [[sources]] #2 'url' = 'ftp://port.example/feed'") for p in found), found
    assert "line 13: [[sources]] #2 'interval' = 10: at least 30 seconds (be kind to the source)" in found, found
    assert any(p.startswith("line 9: [[sources]] #1 'url' = 'feeds/missing.xml': no such file") for p in found), found
    assert any(p.startswith("line 16: [[sources]] #3 'url' = 'http://192.168.1.5/rss'") and "private" in p
               for p in found), found
    assert any("DESK_TOKEN" in p and "Telegram" in p for p in found), found
    assert telegram_form not in result.stdout + result.stderr
    assert len(found) == 7, found


def test_a_database_path_run_cannot_open_is_refused_by_check_config_as_by_run(tmp_path: Path) -> None:
    """The upgrade steps run `check-config && systemctl restart communique`, and moving the database means editing
    `[storage] path`: check-config said OK to a path that is a folder (`path = "var/"`, or the folder's name alone)
    and to one under a file, and the restart then failed with "unable to open database file". Both commands must
    refuse it, naming the key and what to write."""
    (tmp_path / "data").mkdir()
    (tmp_path / "backups").write_text("not a folder")
    feed = source("Here", str(SAMPLES / "feeds" / "world-wire.atom"))
    for written, words in (("data/", "is a folder"), ("data", "is a folder"), ("backups/communique.db", "is a file")):
        path = tmp_path / f"config-{len(written)}.toml"
        path.write_text(f'[storage]\npath = "{written}"\n' + feed)
        checked = communique("check-config", str(path), cwd=tmp_path)
        assert checked.returncode == 2, (written, checked.stdout, checked.stderr)
        [problem] = problems_of(checked)
        assert problem.startswith("[storage] path") and words in problem, problem
        started = communique("--config", str(path), "run", cwd=tmp_path, timeout=60)
        assert started.returncode == 2, (written, started.stderr[-800:])
        assert words in started.stderr, started.stderr[-800:]
    assert (tmp_path / "backups").read_text() == "not a folder" and list((tmp_path / "data").iterdir()) == []


def test_a_table_nested_in_a_section_is_said_at_its_own_line(tmp_path: Path) -> None:
    """`[fetch.limits]` (a section written as two, or a slip for `[fetch]`) was refused as "[fetch]: unknown key
    'limits'" with no line at all when the file has no `[fetch]` of its own, and `[digest.extra]` at the line of
    `[digest]`, above it: the operator looked there for a key 'extra' that the file never writes."""
    result = check(tmp_path, '[digest]\ntime = "08:00"\n\n[digest.extra]\nmaxitems = 3\n\n[fetch.limits]\n'
                   'concurrency = 3\n\n' + source("Harbour desk", "https://harbour.example/feed.xml"))
    assert result.returncode == 2, (result.stdout, result.stderr)
    found = lines_of(result)
    assert any(p.startswith("line 6: [digest]: unknown key 'extra'") for p in found), found
    assert any(p.startswith("line 9: [fetch]: unknown key 'limits'") for p in found), found
