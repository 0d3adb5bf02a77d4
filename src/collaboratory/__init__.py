"""Collaboratory: a self-hosted notebook service in the spirit of Google Colaboratory."""

__version__ = "0.1.0"
