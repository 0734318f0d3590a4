"""The desktop bundle's entry point: the same ``main`` as the ``watchjournal`` command."""

import sys

from watchjournal.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
