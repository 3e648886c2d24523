"""Running Communiqué for real: log files and JSON logs, the health and metrics endpoint, and the operator's
commands around the data (backups, OPML import and export).

Nothing here is needed to run the bot; `bot.cli` wires these in when the operator asks for them.
"""
