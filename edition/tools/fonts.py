"""Make the self-hosted web fonts (WOFF2 subsets of Gentium Book Plus, SIL Open Font License).

Gentium's licence reserves the names "Gentium" and "SIL" for unmodified fonts, and a subset is a
modified font, so the subsets are renamed "Edition Serif" inside the files and in our CSS.

    python scripts/subset_fonts.py   # needs Debian's fonts-sil-gentiumplus; output is committed

Run only to change the character set or the font: the site and the PDFs use the committed files,
so a build needs neither the network nor the Debian package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/gentiumplus")
TARGET = Path(__file__).resolve().parent.parent.parent / "docs" / "assets" / "fonts"
STYLES = {
    "GentiumBookPlus-Regular": "edition-serif-regular",
    "GentiumBookPlus-Italic": "edition-serif-italic",
    "GentiumBookPlus-Bold": "edition-serif-bold",
}
# Basic Latin, Latin-1 and the few Latin Extended-A letters of Western names, general punctuation, arrows, ↩.
UNICODES = "U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+0160-0161,U+0178,U+017D-017E,U+02BC,U+02C6,U+02DC,U+2010-2027,U+2030-203A,U+2044,U+20AC,U+2116,U+2122,U+2190-2193,U+21A9,U+2212"


def rename(path: Path, family: str) -> None:
    """Give the subset a name free of the licence's Reserved Font Names."""
    font = TTFont(path)
    style = font["name"].getDebugName(2) or "Regular"
    for record in list(font["name"].names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            font["name"].removeNames(nameID=record.nameID)
    names = {1: family, 2: style, 3: f"{family} {style} (subset of Gentium Book Plus)", 4: f"{family} {style}",
             6: f"{family.replace(' ', '')}-{style.replace(' ', '')}"}
    for name_id, value in names.items():
        font["name"].setName(value, name_id, 3, 1, 0x409)
    font.save(path)


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} not found: apt-get install fonts-sil-gentiumplus", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for source_name, target_name in STYLES.items():
        out = TARGET / f"{target_name}.woff2"
        subset.main(
            [
                str(SOURCE / f"{source_name}.ttf"),
                f"--unicodes={UNICODES}",
                "--flavor=woff2",
                "--layout-features=kern,liga,clig,calt,onum,lnum,pnum,tnum",
                "--no-hinting",
                "--desubroutinize",
                f"--output-file={out}",
            ]
        )
        rename(out, "Edition Serif")
        print(f"{out.relative_to(TARGET.parent.parent.parent)}: {out.stat().st_size} bytes")
    licence = Path("/usr/share/doc/fonts-sil-gentiumplus/copyright")
    text = licence.read_text(encoding="utf-8")
    note = ("The files edition-serif-*.woff2 in this folder are subsets of Gentium Book Plus by SIL International,\n"
            "renamed \"Edition Serif\" as the licence's Reserved Font Names require of modified versions.\n"
            "Made by scripts/subset_fonts.py. Licence of the original fonts follows.\n\n")
    (TARGET / "OFL.txt").write_text(note + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
