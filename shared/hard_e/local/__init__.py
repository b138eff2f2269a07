"""Local runtime: the server, events, function host and demo seeding."""
