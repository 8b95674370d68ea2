"""``hwocr-synth``: the Hydra app around ``hwocr.synth.app.run_synth`` (config: conf/synth.yaml).

    hwocr-synth build out=datasets/synthetic/joyo-100k lines=100000 charset=joyo \
        renderer=handwriting coverage.k=2 workers=2
    hwocr-synth preview out=preview.png lines=16 renderer.vertical_prob=0.3
    hwocr-synth preview out=fonts.png renderer=mixed 'renderer.renderers.fonts.fonts=[klee,seto]'
    hwocr-synth manifest out=/tmp/seto-test lines=300 renderer=fonts 'renderer.fonts=[seto]' charset=quickstart

A first word ``build``, ``preview`` or ``manifest`` stands for ``command=<word>``; the rest are
Hydra overrides (``--help``, ``--cfg job`` work as in every hwocr app).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import hydra
from omegaconf import DictConfig

from hwocr.synth.app import COMMANDS, run_synth
from hwocr.utils.files import CONFIG_DIR


def command_overrides(argv: Sequence[str]) -> list[str]:
    """``["build", "out=x"]`` -> ``["command=build", "out=x"]``: the subcommand as a Hydra override."""
    argv = list(argv)
    if argv and argv[0] in COMMANDS:
        argv[0] = f"command={argv[0]}"
    return argv


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="synth")
def synth_app(cfg: DictConfig) -> None:
    result = run_synth(cfg)
    if not isinstance(result, dict):
        print(result)
        return
    coverage = result.get("charset_coverage", {})
    print(
        f"{result['num_lines']} lines in {len(result['shards'])} shards at {cfg.out}; "
        f"least frequent charset char: {coverage.get('min_count')} times, "
        f"missing: {len(coverage.get('missing', []))}"
    )


def main() -> None:
    sys.argv[1:] = command_overrides(sys.argv[1:])
    synth_app()


if __name__ == "__main__":
    main()
