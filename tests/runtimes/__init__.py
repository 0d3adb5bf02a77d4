"""Tests of collaboratory.runtimes."""
