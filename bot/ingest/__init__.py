"""Fetch feeds and pages, parse them, extract full text, normalize URLs, find duplicates."""
