"""``python -m watchjournal`` runs the command line (and, with no command, the app)."""

import sys

from watchjournal.cli.main import main

sys.exit(main())
