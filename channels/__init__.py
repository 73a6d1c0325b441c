"""One channel layer: channel events in, Rasa replies out, in each channel's own format."""
