"""The IITE Knowledge Portal project package: settings, root URLs and cross-app pages."""
