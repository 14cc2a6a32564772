"""Settings: `base` reads the environment; `test` adjusts it for the test suite."""
