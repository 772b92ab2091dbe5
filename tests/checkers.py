"""The outside checkers the tests run, set up once: axe-core in chromium, and Java for the Nu HTML
validator and EPUBCheck."""

from axe_playwright_python.sync_playwright import Axe

SERIOUS = ("serious", "critical")

# Each validator is one short Java run over a few hundred files. The JVM's quick compiler alone and
# its single-threaded collector halve its CPU time here (EPUBCheck: 10.4 → 4.6 s of user time; the
# Nu validator: 4.4 → 2.1 s) and do not change what it checks: both are standard HotSpot options.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

_axe = Axe()


def serious_violations(page, where: str) -> list[str]:
    """Each serious or critical axe-core violation on the page as it is now, as "where: rule (impact) at node"."""
    return [
        f"{where}: {violation['id']} ({violation['impact']}) at {violation['nodes'][0]['target']}"
        for violation in _axe.run(page).response["violations"]
        if violation["impact"] in SERIOUS
    ]
