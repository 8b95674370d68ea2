"""``hwocr-bench SUBCOMMAND ...``: one console script for every benchmark.

Each subcommand imports its benchmark lazily: a metrics benchmark should not pay for importing torch.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence


def _models(argv: Sequence[str]) -> int:
    from hwocr.bench.models import main

    return main(argv)


def _metrics(argv: Sequence[str]) -> int:
    from hwocr.bench.metrics import main

    return main(argv)


def _inference(argv: Sequence[str]) -> int:
    from hwocr.bench.inference_speed import main

    return main(argv)


def _padding(argv: Sequence[str]) -> int:
    from hwocr.bench.padding_cost import main

    return main(argv)


def _augment(argv: Sequence[str]) -> int:
    from hwocr.bench.augment import main

    return main(argv)


def _synth(argv: Sequence[str]) -> int:
    from hwocr.bench.synth import main

    return main(argv)


def _profile(argv: Sequence[str]) -> int:
    from hwocr.bench.step_profile import main

    return main(argv)


def _peak(argv: Sequence[str]) -> int:
    from hwocr.bench.peak import main

    return main(argv)


def _all(argv: Sequence[str]) -> int:
    from hwocr.bench.all import main

    return main(argv)


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "all": _all,
    "models": _models,
    "metrics": _metrics,
    "inference": _inference,
    "padding": _padding,
    "augment": _augment,
    "synth": _synth,
    "peak": _peak,
    "profile": _profile,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS:
        print(f"usage: hwocr-bench {{{','.join(COMMANDS)}}} [options]  (hwocr-bench models --help)", file=sys.stderr)
        return 2
    return COMMANDS[args[0]](args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
