"""Streaming writers of the coded dataset, and the atomic output folder they write into."""
