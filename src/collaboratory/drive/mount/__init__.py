"""Colab's ``drive.mount`` here: the runtime owner's Drive kept in sync with a folder of the
runtime's ``/content`` by the server (docs/COLAB.md says why and how)."""
