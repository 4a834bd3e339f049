"""Marsad (مرصد): loaders and Arabic text helpers for research notebooks on Arabic news."""

__version__ = "0.1.0"
