"""Moving a journal in and out: Letterboxd, IMDb and WatchJournal JSON import,
JSON / Letterboxd CSV / IMDb CSV / Markdown export. No Qt and no SQL here:
readers turn files into an ImportBatch that the journal service applies, and
writers turn a JournalSnapshot into files."""
