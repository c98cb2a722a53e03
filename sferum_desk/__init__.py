"""Sferum Desk: an offline desktop tool for the administrators of the «Сферум» platform."""

__version__ = "0.1.0"
