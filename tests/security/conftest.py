"""The security suite: every attack of the hardening issue, replayed, with its figures
(printed at the end of the run: tests/security/figures.py, called by tests/conftest.py)."""
