"""The pure core: decisions over plain data, with no Telegram and no database."""
