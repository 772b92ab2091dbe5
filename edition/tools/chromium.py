"""Debian's chromium, as the tests and the benchmark launch it (never a downloaded browser).

The flags keep it from calling home: this machine's network is closed, and a site test must see
only the requests the site itself makes.
"""



CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
