"""The link-preview images: cards made from the project, drawn as PNGs."""
