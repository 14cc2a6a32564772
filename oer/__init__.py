"""Listings of Open Educational Resources hosted elsewhere."""
