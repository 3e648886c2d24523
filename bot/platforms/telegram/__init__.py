"""Communiqué on Telegram (python-telegram-bot 22): the adapter (`platform.py`), HTML rendering (`render.py`,
checked by `html.py`), limits, chat ids, update reading, errors as outcomes, and the `[telegram]` config section.
"""
