"""Views of the workstreams app."""
