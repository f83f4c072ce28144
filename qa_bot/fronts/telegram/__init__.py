"""The Telegram front: application, command, formatting, messages, state."""
