"""Unit tests of the pure linking steps: sources, topics, conflicts."""
