"""/settings tz as people in places with an unusual clock type it, to Communiqué running on the Telegram peer: the
name of their country, or their clock's offset with its minutes. Each answer must name a zone of that place."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.telegram.conftest import WorldRunner

USER = 531


async def test_a_country_is_answered_with_its_zone_not_the_nearest_spelling(world: WorldRunner) -> None:
    """'tz India' was answered "Did you mean Indian/Antananarivo?", Madagascar's clock, two and a half hours off."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        [india] = await w.command(USER, "/settings tz India")
        assert "Did you mean Asia/Kolkata?" in india.plain_text, india.plain_text
        [nepal] = await w.command(USER, "/settings tz nepal")
        assert "Did you mean Asia/Kathmandu?" in nepal.plain_text, nepal.plain_text
        [brazil] = await w.command(USER, "/settings tz Brazil")
        assert "America/Sao_Paulo" in brazil.plain_text and "America/Manaus" in brazil.plain_text, \
            brazil.plain_text
        # 'Virgin Islands (US)' in the table is not what 'US' names.
        [us] = await w.command(USER, "/settings tz US")
        assert "America/New_York" in us.plain_text and "St_Thomas" not in us.plain_text, us.plain_text
        [kept] = await w.command(USER, "/settings")
        assert "08:00 (UTC)" in kept.plain_text, "nothing was changed by the refused zones"


async def test_an_offset_with_minutes_is_answered_with_the_zones_that_keep_it(world: WorldRunner) -> None:
    """Any offset with minutes was told "use a place's zone such as Asia/Kolkata (UTC+5:30)": a reader in Nepal
    (UTC+5:45) or Newfoundland (UTC-3:30) who took the advice got digests at the wrong hour."""
    now = datetime.now(UTC)
    async with world() as w:
        await w.command(USER, "/subscribe")
        [nepal] = await w.command(USER, "/settings tz UTC+5:45")
        assert "Asia/Kathmandu" in nepal.plain_text and "Kolkata" not in nepal.plain_text, nepal.plain_text
        st_johns = ZoneInfo("America/St_Johns").utcoffset(now)
        assert st_johns is not None
        minutes = int(st_johns.total_seconds() // 60)
        typed = f"UTC-{-minutes // 60}:{-minutes % 60:02d}"  # -3:30 in winter, -2:30 in summer
        [newfoundland] = await w.command(USER, f"/settings tz {typed}")
        assert "America/St_Johns" in newfoundland.plain_text, (typed, newfoundland.plain_text)
        assert "Kolkata" not in newfoundland.plain_text, newfoundland.plain_text
        [india] = await w.command(USER, "/settings tz UTC+5:30")
        assert "Asia/Kolkata" in india.plain_text, india.plain_text
        [nowhere] = await w.command(USER, "/settings tz UTC+5:15")
        assert "no place" in nowhere.plain_text and "UTC+5:15" in nowhere.plain_text, nowhere.plain_text
