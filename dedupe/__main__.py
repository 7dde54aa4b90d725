"""``python -m dedupe`` runs the command line."""

from __future__ import annotations

from dedupe.cli import main

if __name__ == "__main__":
    main()
