"""`python -m queue_server.cli`: what the `antre` script runs."""

from queue_server.cli import main

main()
