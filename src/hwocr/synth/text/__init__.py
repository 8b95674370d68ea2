"""Text sources for synthetic lines."""
