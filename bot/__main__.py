"""`python -m bot` is the same as the `communique` command."""

from bot.cli import main

raise SystemExit(main())
