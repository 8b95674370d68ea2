"""How fast does a CTC CRNN leave the all-blank plateau? A bare PyTorch loop, no Lightning.

Trains on fresh synthetic lines (quickstart charset, 32 px) and prints the CTC loss every 25
steps; the plateau sits at ~ln(276) = 5.6. Used to choose the quickstart recipe:

    python experiments/quickstart/plateau_probe.py --stride 4 --no-residual   # stays ~5.7 past 750 steps
    python experiments/quickstart/plateau_probe.py --stride 8 --no-residual   # leaves it after ~450 (varies)
    python experiments/quickstart/plateau_probe.py --stride 8                 # 4.3 at 250, ~1.0 at 750
"""

from __future__ import annotations

import argparse
import functools
import time

import torch

from hwocr.core.charset import Charset
from hwocr.data.collate import PadCollate
from hwocr.data.synthetic_dataset import SyntheticLineDataset
from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.lstm import BiLSTMEncoder
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.text.charset_sampler import CharsetTextSampler


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stride", type=int, choices=[4, 8], default=8)
    ap.add_argument("--no-residual", action="store_true")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--max-len", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    charset = Charset.from_file("quickstart")
    data = SyntheticLineDataset(
        charset, KanjiVGRenderer(height=32), functools.partial(CharsetTextSampler, min_len=1, max_len=args.max_len),
        size=10**9, seed=0, height=32,
    )
    third_pool = 2 if args.stride == 8 else 1
    backbone = VGGBackbone([[32, 1, 2, 2], [64, 1, 2, 2], [96, 2, 2, third_pool], [128, 2, 2, 1]])
    encoder = functools.partial(BiLSTMEncoder, hidden_size=128, num_layers=2, dropout=0.0)
    net = CTCRecognizer(backbone, encoder, charset.num_classes, 32, dropout=0.0, residual=not args.no_residual)
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    ctc = torch.nn.CTCLoss(zero_infinity=True)
    collate = PadCollate()
    t0 = time.perf_counter()
    for step in range(args.steps):
        batch = collate([data[step * args.batch_size + i] for i in range(args.batch_size)])
        logits = net(batch["images"])
        lengths = net.output_lengths(batch["widths"]).clamp(1, logits.shape[1])
        loss = ctc(logits.log_softmax(-1).transpose(0, 1), batch["targets"], lengths, batch["target_lengths"])
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimizer.step()
        if step % 25 == 0:
            print(f"step {step:5d}  loss {loss.item():7.3f}  {time.perf_counter() - t0:6.0f} s", flush=True)


if __name__ == "__main__":
    main()
