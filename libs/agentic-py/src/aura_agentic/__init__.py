"""Aura package."""
