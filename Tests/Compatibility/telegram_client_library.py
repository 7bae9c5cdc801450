"""Checks that python-telegram-bot, the official client library, works against the
Telegram simulator with nothing changed but its base URL.

Usage: TELEGRAM_SIM_URL=http://127.0.0.1:PORT python3 telegram_client_library.py
Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import asyncio
import json
import os
import sys
import urllib.request

import telegram
from telegram import Bot, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, InvalidToken, RetryAfter

SIM_URL = os.environ["TELEGRAM_SIM_URL"].rstrip("/")
ALICE = {"id": 1001, "first_name": "Alice", "username": "alice"}


def control(method, path, body=None):
    """Calls a control route of the simulator; returns the decoded JSON answer, if any."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{SIM_URL}{path}", data=data, method=method)
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
    return json.loads(text) if text else None


class Checks:
    def __init__(self):
        self.passed = 0
        self.failures = []

    async def run(self, name, check):
        try:
            await check()
        except Exception as error:  # a failed check is reported, the others still run
            self.failures.append(f"{name}: {type(error).__name__}: {error}")
            print(f"FAIL {name}: {type(error).__name__}: {error}")
        else:
            self.passed += 1
            print(f"ok   {name}")


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


async def main():
    token = control("GET", "/_sim/telegram/bot")["token"]
    bot = Bot(token, base_url=f"{SIM_URL}/bot")
    checks = Checks()
    state = {}

    async def get_me():
        me = await bot.get_me()
        expect(me.is_bot and me.username == "switchboard_test_bot", f"unexpected bot {me}")

    async def delete_webhook():
        expect(await bot.delete_webhook(drop_pending_updates=True), "delete_webhook did not return True")

    async def get_updates():
        control("POST", "/_sim/telegram/messages", {
            "chat": {"id": ALICE["id"], "type": "private"}, "from": ALICE, "text": "/start hello",
        })
        updates = await bot.get_updates(timeout=5)
        expect(len(updates) == 1, f"expected one update, got {updates}")
        message = updates[0].message
        expect(isinstance(message, telegram.Message), f"not a Message: {message!r}")
        expect(message.text == "/start hello" and message.from_user.id == ALICE["id"], f"unexpected {message}")
        expect(message.entities and message.entities[0].type == "bot_command", f"entities {message.entities}")
        expect(message.chat.type == "private", f"chat {message.chat}")
        state["user_message"] = message
        await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)

    async def send_message():
        sent = await bot.send_message(
            ALICE["id"], "<b>Hello</b>, Alice", parse_mode=ParseMode.HTML,
            reply_parameters=ReplyParameters(state["user_message"].message_id),
        )
        expect(sent.text == "Hello, Alice", f"text {sent.text!r}")
        expect(sent.entities[0].type == "bold" and sent.entities[0].length == 5, f"entities {sent.entities}")
        expect(sent.reply_to_message.message_id == state["user_message"].message_id, "no reply_to_message")
        state["sent"] = sent

    async def edit_message_text():
        edited = await bot.edit_message_text("Hello again", chat_id=ALICE["id"], message_id=state["sent"].message_id)
        expect(edited.text == "Hello again" and edited.edit_date is not None, f"edited {edited}")

    async def edit_not_modified():
        try:
            await bot.edit_message_text("Hello again", chat_id=ALICE["id"], message_id=state["sent"].message_id)
        except BadRequest as error:
            expect("Message is not modified" in error.message, f"message {error.message!r}")
        else:
            raise AssertionError("no BadRequest")

    async def send_chat_action():
        expect(await bot.send_chat_action(ALICE["id"], "typing"), "send_chat_action did not return True")

    async def send_message_draft():
        if hasattr(bot, "send_message_draft"):
            result = await bot.send_message_draft(ALICE["id"], draft_id=7, text="Thinking")
        else:
            result = await bot.do_api_request("sendMessageDraft", api_kwargs={"chat_id": ALICE["id"], "draft_id": 7, "text": "Thinking"})
        expect(result is True, f"result {result!r}")

    async def set_webhook_then_conflict():
        expect(await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="secret-1"), "set_webhook failed")
        try:
            await bot.get_updates(timeout=0)
        except Conflict as error:
            expect("webhook is active" in error.message, f"message {error.message!r}")
        else:
            raise AssertionError("no Conflict")

    async def get_webhook_info():
        info = await bot.get_webhook_info()
        expect(info.url == "http://127.0.0.1:9/hook" and info.has_custom_certificate is False, f"info {info}")
        expect(await bot.delete_webhook(), "delete_webhook failed")
        expect((await bot.get_webhook_info()).url == "", "webhook still set")

    async def rate_limited():
        control("POST", "/_sim/faults", {
            "path": f"/bot{token}/sendMessage", "status": 429, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
                                "parameters": {"retry_after": 3}}),
        })
        try:
            await bot.send_message(ALICE["id"], "too fast")
        except RetryAfter as error:
            retry_after = error.retry_after.total_seconds() if hasattr(error.retry_after, "total_seconds") else error.retry_after
            expect(retry_after == 3, f"retry_after {error.retry_after!r}")
        else:
            raise AssertionError("no RetryAfter")

    async def wrong_token():
        stranger = Bot("123456789:wrongTOKENwrongTOKENwrongTOKENwron", base_url=f"{SIM_URL}/bot")
        try:
            await stranger.get_me()
        except InvalidToken:
            pass
        else:
            raise AssertionError("no InvalidToken")

    async with bot:
        for name, check in [
            ("get_me", get_me), ("delete_webhook", delete_webhook), ("get_updates", get_updates),
            ("send_message", send_message), ("edit_message_text", edit_message_text),
            ("edit_message_text not modified", edit_not_modified), ("send_chat_action", send_chat_action),
            ("send_message_draft", send_message_draft), ("set_webhook then get_updates", set_webhook_then_conflict),
            ("get_webhook_info", get_webhook_info), ("429 RetryAfter", rate_limited), ("401 InvalidToken", wrong_token),
        ]:
            await checks.run(name, check)

    print(f"{checks.passed} passed, {len(checks.failures)} failed")
    for failure in checks.failures:
        print(f"failed: {failure}")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
