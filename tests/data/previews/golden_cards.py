"""Three fixed cards, one of each shape, whose images are the golden PNGs beside this file.

Their text is fixed here (not the edition's), so an editorial change never touches the goldens: only
a change of the drawing does. To remake the goldens after a deliberate change of the design:
    .venv/bin/python tests/data/previews/golden_cards.py
"""

from __future__ import annotations

from pathlib import Path

from edition.web.previews.cards import Block, Card, Run

HERE = Path(__file__).resolve().parent


def golden_cards() -> list[Card]:
    long_eyebrow = "TWISS 2016, ANNOTATED EDITION · CHAPTER 5 · 1933–1936 · ¶13 · AND A TAIL TOO LONG FOR THE LINE"
    return [
        Card(
            "golden-edition",
            "AN ANNOTATED EDITION",
            (
                Block((Run("The development of Trotsky’s analysis of the Soviet bureaucracy", "bold"),), size=72, max_lines=3, space_before=34),
                Block((Run("Thomas M. Twiss"),), size=38, space_before=24),
                Block((Run("First published in "), Run("Links International Journal of Socialist Renewal", "italic"), Run(", 19 August 2016")),
                      size=30, colour="muted", max_lines=2, space_before=6, shrink=True),
            ),
            "The essay in six period chapters, 91 numbered paragraphs, and its 29 notes with their sources, and a footer too long to fit",
            "alt",
        ),
        Card(
            "golden-chapter",
            "TWISS 2016, ANNOTATED EDITION",
            (
                Block((Run("Chapter 2 · 1918–1922 · ¶9–¶18"),), size=32, colour="accent", space_before=30),
                Block((Run("Glavkokratiia: bureaucracy as inefficiency", "bold"),), size=70, max_lines=2, space_before=12),
                Block((Run("Soviet Russia's economic chaos, Trotsky's wartime measures and the Workers' Opposition; " * 4),),
                      size=31, colour="muted", max_lines=3, space_before=20, shrink=True),
            ),
            "Thomas M. Twiss, “The development of Trotsky’s analysis of the Soviet bureaucracy” (2016)",
            "alt",
        ),
        Card(
            "golden-note",
            long_eyebrow,
            (
                Block((Run("Note 14", "bold"),), size=70, space_before=30),
                Block((Run("Source identified, likely (not verified)"),), size=27, colour="identified-likely", space_before=14, frame=True),
                Block((Run("Leon Trotsky, “"), Run("The Workers’ State, Thermidor and Bonapartism"), Run("” (1935); "),
                       Run("The Revolution Betrayed", "italic"), Run(" (1937)")), size=36, max_lines=2, space_before=22),
                Block((Run("The second was the repression following the assassination of Sergei Kirov in December 1934, "
                           "which led Trotsky to conclude that the bureaucracy had become a caste, etc. And more words follow here."),),
                      size=29, colour="muted", max_lines=3, space_before=24, shrink=True, quote=True),
            ),
            "Thomas M. Twiss, “The development of Trotsky’s analysis of the Soviet bureaucracy” (2016)",
            "alt",
        ),
    ]


if __name__ == "__main__":
    from edition.sources.paths import docs_dir, find_config
    from edition.web.previews import cards, draw

    fonts = draw.load_fonts(docs_dir(find_config(start=HERE)) / cards.FONT_DIR)
    for card in golden_cards():
        (HERE / f"{card.name}.png").write_bytes(draw.render(card, fonts))
        print(f"wrote {card.name}.png")
