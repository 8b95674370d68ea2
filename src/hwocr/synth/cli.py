"""``hwocr-synth``: the Hydra app around ``hwocr.synth.run.run_synth`` (config: conf/synth/synth.yaml).

    hwocr-synth build out=datasets/synthetic/joyo-100k lines=100000 charset=joyo \
        renderer=handwriting coverage.k=2 workers=2
    hwocr-synth preview out=preview.png lines=16 renderer.vertical_prob=0.3
    hwocr-synth preview out=fonts.png renderer=mixed 'renderer.renderers.fonts.fonts=[klee,seto]'
    hwocr-synth manifest out=/tmp/seto-test lines=300 renderer=fonts 'renderer.fonts=[seto]' charset=quickstart

A first word ``build``, ``preview`` or ``manifest`` stands for ``command=<word>``; the rest are
Hydra overrides (``--help``, ``--cfg job`` work as in every hwocr app).
"""

from __future__ import annotations

from hwocr.utils.env import quiet_environment

quiet_environment()

import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402

import hydra  # noqa: E402
from omegaconf import DictConfig  # noqa: E402

from hwocr.synth.run import COMMANDS  # noqa: E402
from hwocr.utils.paths import CONFIG_DIR  # noqa: E402


def command_overrides(argv: Sequence[str]) -> list[str]:
    """``["build", "out=x"]`` -> ``["command=build", "out=x"]``: the subcommand as a Hydra override."""
    argv = list(argv)
    if argv and argv[0] in COMMANDS:
        argv[0] = f"command={argv[0]}"
    return argv


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR / "synth"), config_name="synth")
def synth_app(cfg: DictConfig) -> None:
    from hwocr.synth.run import run_synth

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
