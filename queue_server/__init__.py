"""The hall server: REST API, live events, citizen pages and the `antre` command."""
