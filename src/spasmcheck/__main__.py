"""``python -m spasmcheck``: the same entry point as the ``spasmcheck`` command."""

from .cli import main

if __name__ == "__main__":
    main()
