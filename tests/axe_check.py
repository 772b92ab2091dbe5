"""axe-core, as the accessibility tests run it in chromium: the serious and critical violations."""

from axe_playwright_python.sync_playwright import Axe

SERIOUS = ("serious", "critical")


def violations(page) -> list[dict]:
    """Every violation axe-core finds on the page as it is now, of any impact."""
    return Axe().run(page).response["violations"]


def serious_violations(page, where: str) -> list[str]:
    """Each serious or critical violation on the page as it is now, as "where: rule (impact) at
    node; node …", every element it was found on named, so one run shows them all."""
    return [
        f"{where}: {violation['id']} ({violation['impact']}) at {'; '.join(str(node['target']) for node in violation['nodes'])}"
        for violation in violations(page)
        if violation["impact"] in SERIOUS
    ]
