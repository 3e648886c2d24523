"""Communiqué in a terminal: digests printed, commands typed on standard input (`platform.py`), plain and rich
rendering (`render.py`)."""
