"""Channel gateway: web chat now, Telegram and Zalo later, all through one Rasa client."""
