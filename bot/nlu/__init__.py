"""Custom Rasa 3 graph components for Vietnamese (tokenizer, sentence embeddings)."""
