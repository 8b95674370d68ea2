"""Model-zoo test helpers: every conf/model/*.yaml composed inside the real training config."""

from __future__ import annotations

import hydra
import torch
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig

from hwocr.core.charset import Charset
from hwocr.systems.base import RecognitionSystem
from hwocr.utils.files import CONFIG_DIR

MODEL_CONFIGS = sorted(p.stem for p in (CONFIG_DIR / "model").glob("*.yaml"))
HEIGHT = 32
TEXTS = ["あい", "12かな", "山川3", "ねこ"]


def compose_train(model: str, *overrides: str) -> DictConfig:
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose("train", overrides=[f"model={model}", f"data.height={HEIGHT}", *overrides])


def build_system(model: str, charset: Charset, *overrides: str) -> RecognitionSystem:
    torch.manual_seed(0)
    return hydra.utils.instantiate(compose_train(model, *overrides).model, charset=charset)


def torch_candidate_scores(net: torch.nn.Module, charset: Charset, line, texts: list[str]) -> list[float]:
    """log P(text | line) by the PyTorch model for one line alone: CTC loss over its frames, or
    teacher forcing (text then EOS) for an autoregressive net."""
    pixels = torch.from_numpy(line[None, None].astype("float32"))
    scores = []
    with torch.no_grad():
        for text in texts:
            labels = charset.encode(text)
            if hasattr(net, "bos"):
                tokens = torch.tensor([[net.bos, *labels]])
                log_probs = net(pixels, tokens).log_softmax(-1)[0].double()
                targets = [*labels, net.eos]
                scores.append(float(sum(log_probs[k, t] for k, t in enumerate(targets))))
            else:
                log_probs = net(pixels).log_softmax(-1)[0].double()
                frames = int(net.output_lengths(torch.tensor([line.shape[1]]))[0])
                loss = torch.nn.functional.ctc_loss(
                    log_probs[:frames, None], torch.tensor([labels]), torch.tensor([frames]),
                    torch.tensor([len(labels)]), blank=charset.blank_index, reduction="sum",
                )
                scores.append(-float(loss))
    return scores
