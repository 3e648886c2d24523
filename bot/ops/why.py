"""`communique why` and `communique sent`: what became of one story for one chat, and what a chat was sent lately,
read from the database as the bot left it.

A reader asks the operator why a story never reached their chat. The answer is in the database, spread over the
delivery ledger (which message carried it, and whether that message went, waits or failed), the chat's
subscription (its topics, follows, mode, time, where its stories start) and the story's copies. The checks run in
the order the bot itself decides: a story the chat was sent (or a copy of it) first, then whether it is the chat's
at all (topics, date), then what it waits for. Nothing is written.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from bot.digest.compose import copies_with_news, pending_digest
from bot.digest.topics import topic_match
from storage import articles as article_store
from storage import deliveries as ledger
from storage import edits as edit_store
from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from storage.db import from_iso
from storage.records import Article, Delivery, Subscription


@dataclass(frozen=True)
class Answer:
    """The story asked about, as the operator can recognise it, and what became of it for the chat."""

    story: str
    verdict: list[str]


def when(value: str | None) -> str:
    """An ISO time as the log writes it: `2026-12-06 18:47 UTC`."""
    moment = from_iso(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "an unknown time"


def describe_story(article: Article) -> str:
    source = article.source_name or "a source since removed"
    dated = f", published {when(article.published)}" if article.published else f", fetched {when(article.fetched)}"
    return f"“{article.title}” ({source}{dated})\n  {article.url}"


def place_in(message: Delivery, url: str) -> int:
    """Where the rendered message first links to this story, or names it (`url`: its link, or a headline it had;
    -1: it does not), so a message's stories are listed in the order the chat read them."""
    body = json.dumps(message.payload, ensure_ascii=False)
    # As rendered (Telegram's HTML escapes `&`, a headline's quotes may be escaped or not) and as JSON keeps it.
    forms = dict.fromkeys([url, html.escape(url), html.escape(url, quote=False),
                           json.dumps(url, ensure_ascii=False)[1:-1]])
    places = [at for at in (body.find(form) for form in forms) if at >= 0]
    return min(places, default=-1)


def carries(message: Delivery, url: str) -> bool:
    return place_in(message, url) >= 0


def message_verdict(message: Delivery, chat: str) -> list[str]:
    """What became of the message that carries the story."""
    number = f"#{message.id}"
    part = f" (part {message.part + 1} of {message.parts})" if message.parts > 1 else ""
    if message.state == "sent":
        return [f"Sent in message {number} at {when(message.sent_at)}{part}."]
    if message.state == "failed":
        return [f"Not sent: message {number}, which carries it, failed after {message.attempts} tries: "
                f"{message.last_error or 'no reason recorded'}.",
                f"`communique resend {message.id}` sends it again (`communique status` lists {chat}'s failed "
                "messages)."]
    tried = f", tried {message.attempts} times (the last: {message.last_error})" if message.attempts else ""
    return [f"Not sent yet: message {number}, which carries it, waits to be sent{tried}; next try at "
            f"{when(message.next_attempt)}. A stopped bot sends it at its start; `communique status` shows what "
            "waits."]


def news_waiting(db: sqlite_utils.Database, sub: Subscription, article: Article) -> list[str] | None:
    """A copy not yet told whose news (a pledge or a quote) the copies the chat was sent lacked: its digest tells it
    as "Updated", as `copies_with_news` decides; None for a copy that says nothing new. Asked of such a copy, `why`
    said another outlet's copy went to the chat instead, and the news was still to come."""
    updates = copies_with_news(db, sub, [article])
    if not updates:
        return None
    update = updates[0]
    comes = "it goes with the chat's next new story" if sub.mode == "instant" else "the chat's next digest tells it"
    return [f"Not sent yet: the chat was sent another outlet's copy of this story, and this one carries news it "
            f"lacked ({update.change}): {comes} as “Updated: {update.title}”; /digest in the chat sends it now."]


def ledger_verdict(db: sqlite_utils.Database, sub: Subscription, article: Article, chat: str) -> list[str] | None:
    """What the ledger says of the story or a copy of it for this chat, or None when no digest covered either."""
    members = [m for m in article_store.group_members(db, [article.story_group]) if m.id != article.id]
    urls = {article.id: article.url, **{m.id: m.url for m in members}}
    covered = ledger.delivered_in(db, sub.id, list(urls))
    if not covered:
        return None
    if article.id not in covered:
        waiting = news_waiting(db, sub, article)
        if waiting is not None:
            return waiting
    for article_id in [article.id, *[m.id for m in members]]:
        key = covered.get(article_id)
        if key is None:
            continue
        for message in ledger.digest_messages(db, sub.id, key):
            if carries(message, urls[article_id]):
                verdict = message_verdict(message, chat)
                if article_id != article.id:
                    copy = next(m for m in members if m.id == article_id)
                    outlet = copy.source_name or "a source since removed"
                    verdict.insert(0, f"Another outlet's copy of this story went to the chat instead ({outlet}: "
                                   f"{copy.url}); a story goes to a chat once, whichever copy comes first.")
                return verdict
    key = covered.get(article.id) or next(iter(covered.values()))
    if article.id in covered:
        # Its link changed with an edit (its outlet moved it as it recast it): the message that carried it links
        # to the earlier address, and is found by the headline the story had then.
        messages = ledger.digest_messages(db, sub.id, covered[article.id])
        for headline in edit_store.earlier_headlines(db, article.id):
            for message in messages:
                if carries(message, headline):
                    return [f"It went under its earlier headline “{headline}” and the link it had then: its outlet "
                            f"gave it its link now ({article.url}) when it edited it.",
                            *message_verdict(message, chat)]
    return [f"Recorded as told to the chat in the digest {key}, though no message of it that is still kept links "
            "to it: a copy of a story the chat already had is covered without a message, and retention deletes "
            "old messages ([storage] keep_days)."]


def relinked(db: sqlite_utils.Database, sub: Subscription, link: str) -> Article | None:
    """The story a kept message of this chat carried at `link`, stored under another link now (its outlet gave it
    a new one as it edited it), found by the headline it had then; None when there is none. Asked by the link the
    chat was sent, `why` said no story is stored at it."""
    for key in ledger.digest_keys_linking(db, sub.id, [link, html.escape(link)]):
        covered = ledger.covered_by(db, sub.id, [key]).get(key, [])
        for message in ledger.digest_messages(db, sub.id, key):
            if not carries(message, link):
                continue
            for article_id in covered:
                article = article_store.get_article(db, article_id)
                if article is not None and article.url != link and any(
                        carries(message, was) for was in edit_store.earlier_headlines(db, article_id)):
                    return article
    return None


def selection_verdict(sub: Subscription, article: Article, db: sqlite_utils.Database, now: datetime,
                      not_started: str | None = None) -> list[str]:
    """Why a story no digest covered is not the chat's, or what it waits for (`not_started`: why the chat's
    platform does not start, if it does not: then no pass of a running bot plans it)."""
    if sub_store.never_subscribed(sub):
        # Not "ended": the chat never joined; it only set its zone for /latest and /pledges.
        return ["Not sent: the chat never subscribed (it only set its zone with /settings); `/subscribe` there "
                "starts its digests, with the stories from then on."]
    follows = tracking_store.follows(db, sub.platform, sub.chat_id)
    match = topic_match(sub.topics)
    keys = [*(f.actor_key for f in follows), *match.actor_keys]
    if not article_store.matches(db, article.id, sub.topics, keys, match.phrases):
        wanted = f"its topics ({', '.join(sub.topics)})" if sub.topics else "its topics"
        followed = f" nor anyone it follows ({', '.join(f.actor_name for f in follows)})" if follows else ""
        tags = ", ".join(article.tags) or "none"
        return [f"Not for this chat: the story matches none of {wanted}{followed}; its tags: {tags}, and no topic "
                "is in its headline or text.",
                "The chat gets such stories by /subscribe with one of those tags, or /follow of someone in it."]
    if not article_store.owed_by_date(db, article.id, sub.since, sub.created):
        if article_store.is_back_catalogue(db, article.id):
            why = ("it was in its source's feed when the source joined the running bot, or when the database "
                   "was restored from a backup (its back catalogue, stored for /latest and search, not sent as news)")
        else:
            why = (f"it is dated {when(article.published or article.sort_time)}, before the stories the chat "
                   f"gets start ({when(sub.since)}; it subscribed {when(sub.created)})")
        return [f"Not for this chat: {why}.",
                "`/subscribe since 7d` in the chat restarts its backlog a week back, and it gets the week's "
                "stories it was not sent."]
    if not sub.active:
        return [f"Not sent: the chat's subscription has ended ({sub.deactivated_reason or 'it unsubscribed'}); "
                "`/subscribe` there starts it again, and it gets what it is owed."]
    pending = pending_digest(db, sub, now=now)
    shown = {story.url for story in pending.digest.stories}
    ahead = "" if article.url in shown else (
        f" More stories wait than a digest holds ({sub.max_items}, `max`): it comes in a later one, or at the "
        "chat's /digest.")
    if sub.mode == "instant" and not_started:
        return [f"Not sent yet: it is owed to the chat, which gets each story as it arrives, but {not_started}. "
                f"The bot's first pass after that plans it.{ahead}"]
    if sub.mode == "instant":
        return [f"Not sent yet: it is owed to the chat, which gets each story as it arrives; a running bot plans "
                f"it at its next pass, and a stopped one at its start.{ahead}"]
    from bot.runtime import DailyTrigger  # the scheduler's own rule, the night clocks change included

    fire = DailyTrigger(sub.time, sub.timezone).get_next_fire_time(None, now)
    assert fire is not None  # a daily trigger always has a next time
    next_at = f"{sub.time} {sub.timezone}, next {when(fire.astimezone(UTC).isoformat())}"
    if ahead:  # held back by newer stories: "goes in its daily digest" promised what a digest of the news never does
        return [f"Not sent yet: it is owed to the chat, but more stories wait than a digest holds ({sub.max_items}, "
                f"`max`) and digests bring the newest first: its daily digest at {next_at} sends newer ones while "
                "they come; /digest in the chat sends the next ones now, and again until it comes."]
    return [f"Not sent yet: it is owed to the chat and goes in its daily digest at {next_at}; /digest in the chat "
            "sends it now."]


def explain(db: sqlite_utils.Database, sub: Subscription, article: Article, *, now: datetime,
            not_started: str | None = None) -> Answer:
    """What became of `article` for the chat of `sub`; `not_started`: why the chat's platform does not start, if
    it does not (its token variable unset), said of whatever waits, as nothing is sent there meanwhile."""
    chat = f"{sub.platform} {sub.chat_id}"
    verdict = ledger_verdict(db, sub, article, chat) or selection_verdict(sub, article, db, now, not_started)
    if not_started and verdict[0].startswith("Not sent yet") and not_started not in verdict[0]:
        verdict.append(f"But {not_started}; nothing is sent there until then.")
    return Answer(story=describe_story(article), verdict=verdict)


def message_line(message: Delivery) -> str:
    """One message of a chat's history: its id, what became of it, and its digest."""
    part = f", part {message.part + 1} of {message.parts}" if message.parts > 1 else ""
    where = f"({message.digest_key}{part})"
    if message.state == "sent":
        return f"#{message.id} sent at {when(message.sent_at)} {where}"
    if message.state == "failed":
        return (f"#{message.id} FAILED after {message.attempts} tries {where}: {message.last_error or 'no reason'}; "
                f"`communique resend {message.id}` sends it again")
    return f"#{message.id} not sent yet, next try at {when(message.next_attempt)} {where}"


def history(db: sqlite_utils.Database, sub: Subscription, since: datetime) -> list[str]:
    """The chat's messages planned or sent since `since`, each with the stories it carries."""
    messages = ledger.planned_since(db, sub.id, since.isoformat())
    chat = f"{sub.platform} {sub.chat_id}"
    if not messages:
        return [f"{chat}: no message planned or sent since {when(since.isoformat())}."]
    sent = sum(1 for m in messages if m.state == "sent")
    failed = sum(1 for m in messages if m.state == "failed")
    lines = [f"{chat}: {len(messages)} message(s) since {when(since.isoformat())}: {sent} sent, {failed} failed, "
             f"{len(messages) - sent - failed} not sent yet."]
    covered = ledger.covered_by(db, sub.id, [m.digest_key for m in messages])
    stories = {i: a for ids in covered.values() for i in ids if (a := article_store.get_article(db, i)) is not None}
    for message in messages:
        lines.append(message_line(message))
        placed = [(place_in(message, stories[i].url), stories[i]) for i in covered.get(message.digest_key, [])
                  if i in stories]
        for _, article in sorted((p for p in placed if p[0] >= 0), key=lambda p: p[0]):
            lines.append(f"    “{article.title}” ({article.source_name or 'a source since removed'}) {article.url}")
    return lines
