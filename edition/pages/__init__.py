"""3. The generated pages: the Markdown of each page made from the sources, and the generator."""
