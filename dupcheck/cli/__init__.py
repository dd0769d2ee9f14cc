from dupcheck.cli.app import main

__all__ = ["main"]
