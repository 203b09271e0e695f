"""Benchmark (not a test): the free-text safety net's cost, per message and at start-up.

The phrase books are built once per process (`load_phrases()`); every message a mother types is
then scanned (`scan_all`). This prints, as a markdown table, the time to build the books and the
time of 1,000 scans of a few kinds of message (short English chat, short Spanish chat, messages
with a sign, a 4,000-character message), best of `--repeat` rounds, with the load average.

    .venv/bin/python bench/safety_scan.py [--scans 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bot.core.signs import load_phrases, scan_all

_FILLER = ("Went for my run today, 1 minute run 1 minute walk, felt strong. Baby slept well, "
           "legs a bit tired, no leaking, did my pelvic floor squeezes and some bridges. ")

MESSAGES: dict[str, list[str]] = {
    "short chat (en)": [
        "did my run today, felt good", "what should I eat before a run?",
        "I'm so tired after the run", "no pain, no leaking, no heaviness",
        "baby kept me up all night lol", "can I do squats yet?",
    ],
    "short chat (es)": [
        "hoy salí a correr y me sentí bien", "qué debo comer antes de correr?",
        "estoy cansada después de correr", "no tengo dolor ni pérdidas",
        "el bebé no me dejó dormir jaja", "ya puedo hacer sentadillas?",
    ],
    "with a sign": [
        "I've got chest pain", "I can't catch my breath", "tengo fiebre de 39",
        "no puedo respirar", "I feel so anxious all the time", "estoy sangrando mucho",
    ],
    "4,000 characters": [(_FILLER * 40)[:3950] + " and chest pain"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"`{' '.join([os.path.basename(sys.executable), *sys.argv])}`; "
          f"load average before: {os.getloadavg()[0]:.2f}\n")

    start = time.perf_counter()
    book = load_phrases()
    built = time.perf_counter() - start

    print(f"| messages | {args.scans:,} scans, ms (best of {args.repeat}) | per scan, µs |")
    print("|---|---:|---:|")
    print(f"| (building the books once) | {built * 1000:.1f} | |")
    for name, texts in MESSAGES.items():
        rounds = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for i in range(args.scans):
                scan_all(texts[i % len(texts)], book)
            rounds.append(time.perf_counter() - start)
        best = min(rounds)
        print(f"| {name} | {best * 1000:.1f} | {best / args.scans * 1e6:.1f} |")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
