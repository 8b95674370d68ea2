"""``hwocr-bench metrics``: seconds to score 100,000 line pairs with ``hwocr.metrics``.

The goal (issue 14) is the corpus CER of 100,000 lines in under a second, so that scoring never
shows up next to inference. Lines are random Japanese text (kana and common kanji plus an astral
kanji, 5-40 characters, a length typical of form fields and text lines) with 0-3 random
substitutions, deletions and insertions each, from a fixed seed. Timed: a full
``CERAccumulator.update`` (distance, operation counts, 1 - NED, folded CER, exact lines), and the
whole ``rejection_report`` over the same lines with random confidences.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from collections.abc import Sequence

from hwocr.metrics.cer import CERAccumulator
from hwocr.metrics.rejection import rejection_report

ALPHABET = [chr(c) for c in range(0x3041, 0x3097)] + [chr(c) for c in range(0x30A1, 0x30FB)] \
    + [chr(c) for c in range(0x4E00, 0x4E00 + 2000)] + ["𠮷", "ー", "、", "。"]


def line_pairs(count: int, max_edits: int = 3, seed: int = 0) -> tuple[list[str], list[str]]:
    """``count`` (reference, hypothesis) pairs, each hypothesis 0..``max_edits`` random edits away."""
    rng = random.Random(seed)
    refs, hyps = [], []
    for _ in range(count):
        ref = rng.choices(ALPHABET, k=rng.randint(5, 40))
        hyp = list(ref)
        for _ in range(rng.randint(0, max_edits)):
            i, kind = rng.randrange(len(hyp) + 1), rng.random()
            if kind < 0.5 and i < len(hyp):
                hyp[i] = rng.choice(ALPHABET)
            elif kind < 0.75 and i < len(hyp):
                del hyp[i]
            else:
                hyp.insert(i, rng.choice(ALPHABET))
        refs.append("".join(ref))
        hyps.append("".join(hyp))
    return refs, hyps


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hwocr-bench metrics", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=100_000, help="line pairs to score (default 100000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats; the best is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    refs, hyps = line_pairs(args.lines)
    confidences = random.Random(1).choices([i / 1000 for i in range(1001)], k=args.lines)
    cer_s, report_s = [], []
    for _ in range(max(1, args.repeats)):
        t0 = time.perf_counter()
        acc = CERAccumulator()
        acc.update(refs, hyps)
        cer_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rejection_report(confidences, refs, hyps)
        report_s.append(time.perf_counter() - t0)
    result = {
        "lines": args.lines,
        "cer_seconds": round(min(cer_s), 3),
        "rejection_report_seconds": round(min(report_s), 3),
        "cer": round(acc.cer, 4),
        "one_minus_ned": round(acc.one_minus_ned, 4),
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.lines} line pairs: CER + 1-NED + edit counts in {result['cer_seconds']:.3f} s "
              f"({args.lines / min(cer_s):,.0f} lines/s); full rejection report {result['rejection_report_seconds']:.3f} s")
        print(f"CER {acc.cer:.2%}, 1-NED {acc.one_minus_ned:.4f}, S/D/I {acc.substitutions}/{acc.deletions}/"
              f"{acc.insertions}; best of {max(1, args.repeats)} on {result['machine']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
