"""Scheduled notebooks (Runtime > Schedule): run a notebook daily, weekly or on a cron line."""
