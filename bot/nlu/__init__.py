"""Custom Rasa 3 graph components for Vietnamese (tokenizer, sentence embeddings)."""

import bot.rasa_speedups  # noqa: F401 (Rasa imports this package first when it loads the model)
