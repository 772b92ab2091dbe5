"""4. The MkDocs glue and the build-time web outputs: hooks, Markdown extensions, citations, preview images, link check."""
