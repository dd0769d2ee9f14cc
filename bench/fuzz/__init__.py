"""The standing fuzz campaign (``python -m bench fuzz``): see :mod:`bench.fuzz.campaign`."""
