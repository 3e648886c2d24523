"""Platform adapters (telegram, discord, console): connect, listen, send. Translation only."""
