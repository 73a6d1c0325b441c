"""The production profile: the scaled topology on one machine (docs/DEPLOYMENT.md)."""
