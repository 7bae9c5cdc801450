"""The peer in the throughput benchmark: python-telegram-bot's minimal echo bot.

It answers every text message with its own text, by long polling, with the
library's defaults (updates handled one at a time, nothing stored). The benchmark
points it at the Telegram simulator:

    python echo_bot.py <bot token> <simulator base URL>

Stop it with SIGINT.
"""

import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


def main() -> None:
    token, base_url = sys.argv[1], sys.argv[2]
    application = Application.builder().token(token).base_url(f"{base_url}/bot").build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
