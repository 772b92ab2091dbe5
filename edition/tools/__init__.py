"""6. Developer tools (bench, fonts, chromium, fidelity): never imported by a build."""
