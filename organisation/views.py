"""Views of the organisation app."""
