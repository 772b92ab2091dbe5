"""5. The print and e-reader editions (PDF, EPUB), made from the built pages."""
