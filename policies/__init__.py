"""National ICT-in-education policies."""
