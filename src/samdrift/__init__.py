"""Samdrift: shared IT operations for municipalities."""

__version__ = "0.1.0"
