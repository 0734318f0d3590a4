from watchjournal.journal import JournalService
def test_smoke(pg_url, app_dirs):
    s = JournalService.open(pg_url, app_dirs.backup_dir)
    print(s.count_films())
    s.close()
    s = JournalService.open(pg_url, app_dirs.backup_dir)
    print(s.count_films())
    s.close()
