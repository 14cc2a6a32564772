"""OAI-PMH 2.0 repository at /oai/: harvesters fetch Dublin Core records of every published
case study, policy and OER listing, and learn which ones were withdrawn."""
