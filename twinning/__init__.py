"""Twinning: agencies and the highland communes they are twinned with, their plans, work and reports."""
