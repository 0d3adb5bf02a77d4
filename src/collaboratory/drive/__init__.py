"""Folders, notebooks and files; uploads and downloads."""
