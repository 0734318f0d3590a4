"""The ``watchjournal`` command line: one module per subcommand over the journal service."""
