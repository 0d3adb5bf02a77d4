"""Jupyter Server's contents API over the Drive: paths of names, notebooks as live documents."""
