"""`memoria tiles-bench`: how long making the IIIF tiles of a large scan takes (target: ≤ 2 s for 6000 × 4000).

The image is SYNTHETIC (libvips noise over a gradient, saved as JPEG): it only has the size and
the entropy of a photographed document, nothing of the archive.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyvips

from memoria.iiif.tiles import TILE_SIZE, write_pyramid

TARGET_SECONDS = 2.0


def synthetic_scan(path: Path, width: int, height: int) -> None:
    gradient = pyvips.Image.xyz(width, height)[0] * (255 / width)
    noise = pyvips.Image.gaussnoise(width, height, mean=0, sigma=30)
    grey = (gradient + noise).cast("uchar")
    grey.bandjoin([grey, (255 - grey).cast("uchar")]).copy(interpretation="srgb").jpegsave(str(path), Q=90)


def run(width: int = 6000, height: int = 4000, runs: int = 5) -> dict:
    load_before = round(os.getloadavg()[0], 2)
    work = Path(tempfile.mkdtemp(prefix="memoria-tiles-bench-"))
    try:
        source = work / "synthetic-scan.jpg"
        synthetic_scan(source, width, height)
        seconds = []
        for number in range(runs):
            target = work / f"tiles-{number}"
            started = time.perf_counter()
            write_pyramid(str(source), target)
            seconds.append(round(time.perf_counter() - started, 3))
        tiles = sum(1 for _ in (work / "tiles-0").rglob("default.jpg"))
        return {
            "benchmark": "tiles-bench",
            "image": f"SYNTHETIC {width}x{height} JPEG (noise over a gradient), {source.stat().st_size} bytes",
            "tile_size": TILE_SIZE,
            "tiles": tiles,
            "runs_seconds": seconds,
            "median_seconds": statistics.median(seconds),
            "best_seconds": min(seconds),
            "target_seconds": TARGET_SECONDS,
            "meets_target": statistics.median(seconds) <= TARGET_SECONDS,
            "libvips": f"{pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}",
            "cpus": os.cpu_count(),
            # Other work on the machine slows libvips down: the figures are read with this.
            "load_average_1min_before": load_before,
            "machine": platform.machine(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write(result: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
