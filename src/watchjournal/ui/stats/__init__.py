"""The Stats view (issue 16): numbers, charts and the year in review of a period."""
