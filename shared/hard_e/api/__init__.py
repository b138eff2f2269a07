"""The public HTTP API: routers, route table and error envelope."""
