"""Output formats: one module per format behind the interface in ``base``."""
