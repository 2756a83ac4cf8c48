"""A seeded generator of realistic content folders for benchmarks.

`python bench/generate.py OUT --stories 1000` writes OUT/content (and copies
the repo's templates to OUT/templates) with stories of 400–800 words that
have headings, lists, a table and links to other stories, plus one-off events
(one tenth as many as stories), repeating series (one fifth as many as stories,
at most 200: see `SERIES`) and communities, all in microsite's content format.
The same seed gives the same files, so figures from different runs compare like
with like.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORDS = (
    "officers community pier surf skate park music band chief neighbors coffee safety youth "
    "festival beach morning families volunteers harbor lifeguards explorers patrol trust "
    "event program school league night street block watch toy drive holiday lights meet "
    "listen learn share ride bike walk talk answer question help local city residents team"
).split()
COMMUNITIES = ("surf", "music", "skate", "neighborhoods", "youth")
# The speed issue's corpus is "1,000 stories with 200 series". A department's
# recurring programs do not multiply with its archive of stories, so larger corpora
# keep 200 (each a year of dates: about 5,400 entries); `--series` sets another count.
SERIES = 200

SITE = """\
title: Benchmark Police Community
department: Benchmark Police Department
base_url: https://bench.example.org
timezone: America/Los_Angeles
description: A generated site for measuring build speed.
contact:
  emergency: "911"
  non_emergency: (555) 010-2000
  email: community@bench.example.org
  address: 1 Main St., Bench City, CA 90000
"""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(5, 7)))


def body(rng: random.Random, names: list[str]) -> str:
    """About 400–800 words with the Markdown a PIO really uses."""
    parts = [paragraph(rng)]
    for section in range(rng.randint(3, 5)):
        parts.append(f"## {sentence(rng, 4)[:-1]}")
        parts += [paragraph(rng) for _ in range(rng.randint(1, 2))]
        if section == 1:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
        if section == 2:
            rows = [f"| {rng.choice(WORDS)} | {rng.randint(1, 12)} a.m. |" for _ in range(3)]
            parts.append("| Session | Time |\n|---|---:|\n" + "\n".join(rows))
    if names:
        other = rng.choice(names)
        parts.append(f"Read more in [this earlier story]({other}).")
    return "\n\n".join(parts) + "\n"


def story(rng: random.Random, day: date, names: list[str]) -> str:
    communities = ", ".join(rng.sample(COMMUNITIES, rng.randint(1, 2)))
    title = sentence(rng, 6)[:-1].replace(":", "")
    return (
        f"---\ntitle: {title}\ndate: {day.isoformat()}\ncommunities: [{communities}]\n"
        f"summary: {sentence(rng, 12)}\n---\n\n{body(rng, names)}"
    )


def events(rng: random.Random, count: int, start: date) -> str:
    items = []
    for n in range(count):
        day = start + timedelta(days=n * 3)
        hour = rng.randint(8, 18)
        items.append(
            f"- title: {sentence(rng, 4)[:-1]} {n}\n"
            f"  slug: event-{n}\n"
            f'  start: "{day.isoformat()} {hour:02d}:00"\n'
            f'  end: "{day.isoformat()} {hour + 1:02d}:30"\n'
            f"  location: {sentence(rng, 3)[:-1]}\n"
            f"  communities: [{rng.choice(COMMUNITIES)}]\n"
            f"  description: {sentence(rng, 15)}\n"
        )
    return "\n".join(items)


RULES = (
    ("week", "wednesday", date(2026, 9, 2)),
    ("2 weeks", "[tuesday, thursday]", date(2026, 9, 1)),
    ("month", "first tuesday", date(2026, 9, 1)),
    ("month", "day 15", date(2026, 9, 15)),
    ("year", "first tuesday", date(2026, 9, 1)),
)


def series(rng: random.Random, count: int) -> str:
    """`count` repeating events: weekly, fortnightly, monthly, yearly; some end, some run on,
    some skip a date and change another (the first dates the rule gives after two months)."""
    items = []
    for n in range(count):
        every, on, first = RULES[n % len(RULES)]
        hour = rng.randint(8, 18)
        ending = ("    count: 20\n", "    until: 2027-12-31\n", "")[n % 3]
        items.append(
            f"- title: {sentence(rng, 3)[:-1]} series {n}\n"
            f"  slug: series-{n}\n"
            f'  start: "{first.isoformat()} {hour:02d}:00"\n'
            f'  end: "{first.isoformat()} {hour + 1:02d}:30"\n'
            f"  location: {sentence(rng, 3)[:-1]}\n"
            f"  communities: [{rng.choice(COMMUNITIES)}]\n"
            f"  repeat:\n    every: {every}\n    on: {on}\n{ending}"
            f"  description: {sentence(rng, 15)}\n"
        )
    return "\n".join(items)


def with_photo(text: str, n: int, media: Path, size: tuple[int, int]) -> str:
    """`text` with a lead photo: a seeded phone JPEG (GPS, rotation flag) under media/."""
    from tools.photos import phone_photo  # Pillow is only needed for corpora with photos

    media.mkdir(parents=True, exist_ok=True)
    (media / f"photo-{n}.jpg").write_bytes(phone_photo(n, size))
    front = f"image: /media/photos/photo-{n}.jpg\nimage_alt: Officers and neighbors at event {n}.\n"
    return text.replace("---\n", "---\n" + front, 1)


def generate(
    out: Path,
    stories: int,
    seed: int = 2026,
    photos: int = 0,
    photo_size: tuple[int, int] = (4032, 3024),
    series_count: int | None = None,
) -> Path:
    """Write the corpus under `out`; returns the content folder. The first `photos`
    stories get a phone photo each (3 MB at the default size). `series_count` defaults
    to a fifth of the stories, at least 5 and at most `SERIES`."""
    rng = random.Random(seed)
    content = out / "content"
    shutil.rmtree(out, ignore_errors=True)
    (content / "stories").mkdir(parents=True)
    (content / "events").mkdir()
    (content / "site.yaml").write_text(SITE)
    (content / "communities.yaml").write_text(
        "".join(
            f"{key}:\n  name: {key.title()}\n  description: {sentence(rng, 10)}\n"
            for key in COMMUNITIES
        )
    )
    names: list[str] = []
    first = date(2026, 11, 20) - timedelta(days=stories)
    for n in range(stories):
        day = first + timedelta(days=n)
        name = f"{day.isoformat()}-story-{n}.md"
        text = story(rng, day, names[-50:])
        if n < photos:
            text = with_photo(text, n, content / "media" / "photos", photo_size)
        (content / "stories" / name).write_text(text)
        names.append(name)
    (content / "events" / "events.yaml").write_text(
        events(rng, max(10, stories // 10), date(2026, 9, 1))
    )
    if series_count is None:
        series_count = max(5, min(stories // 5, SERIES))
    (content / "events" / "series.yaml").write_text(series(rng, series_count))
    shutil.copytree(REPO / "templates", out / "templates")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--photos", type=int, default=0, help="stories with a 3 MB phone photo")
    parser.add_argument(
        "--series", type=int, help=f"repeating series (default: stories/5, at most {SERIES})"
    )
    args = parser.parse_args()
    print(generate(args.out, args.stories, args.seed, args.photos, series_count=args.series))


if __name__ == "__main__":
    main()
