"""Hard-E: a voice-first AI sales director for contracting companies."""

__version__ = "0.1.0"
