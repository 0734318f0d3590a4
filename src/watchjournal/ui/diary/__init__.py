"""Diary entries and watchlist notes in the app: the Log dialog (log or edit an entry,
with its rating and review), the watchlist-note dialog, and the commands behind them."""
