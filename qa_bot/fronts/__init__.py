"""Front ends: the command line, the REPL, rendering, and the Telegram bot."""
