"""2. The annotation steps: spans over the essay's words, never edits of them."""
