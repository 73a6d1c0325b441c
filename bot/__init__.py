"""The Rasa assistant: project files and custom Vietnamese NLU components."""
