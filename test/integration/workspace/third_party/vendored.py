"""Code copied from another project: not held to this repository's guidelines."""
try:
    import ujson as json
except ImportError:
    import json
