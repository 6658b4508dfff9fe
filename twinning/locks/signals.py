"""Refuse changes to the records of a locked year (connected in apps.py)."""
