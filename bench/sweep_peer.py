#!/usr/bin/python3
"""The PyTorch peer for bench/sweep.sh: what a user writes instead of our service. It loads Fashion-MNIST once and
trains a grid's designs one after another with our default recipe (Adam 1e-3, half an epoch of linear warm-up then
cosine decay per step, batch norm after conv1, the squeeze layers and bypass convolutions, He-normal init, dropout
0.5), evaluating on the test split after every epoch, then writes a CSV.

Each design is the layer table `dse arch --json` prints (given as a JSON array), so both sides train the very same
network: the script checks its parameter count (batch norm's excluded) against the table's.
--processes 2 is the tuned peer: two processes take designs from one shared queue, each with --threads threads."""
import argparse, csv, gzip, json, math, multiprocessing, os, sys, time

import numpy as np
import torch
import torch.nn as nn


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


class Fire(nn.Module):
    def __init__(self, cin, s, e1, e3):
        super().__init__()
        self.squeeze = nn.Sequential(nn.Conv2d(cin, s, 1), nn.BatchNorm2d(s), nn.ReLU())
        self.e1 = nn.Sequential(nn.Conv2d(s, e1, 1), nn.ReLU()) if e1 else None
        self.e3 = nn.Sequential(nn.Conv2d(s, e3, 3, padding=1), nn.ReLU()) if e3 else None

    def forward(self, x):
        x = self.squeeze(x)
        return torch.cat([b(x) for b in (self.e1, self.e3) if b is not None], 1)


class Bypass(nn.Module):
    """The Fire module before it, with a shortcut from its input: identity, or a 1x1 convolution with batch norm."""

    def __init__(self, fire, shortcut):
        super().__init__()
        self.fire, self.shortcut = fire, shortcut

    def forward(self, x):
        return self.fire(x) + (x if self.shortcut is None else self.shortcut(x))


def network(design):
    layers = []
    for l in design["layers"]:
        kind = l["kind"]
        if kind == "conv" and l["name"] != "conv10":
            layers.append(nn.Sequential(nn.Conv2d(l["in_channels"], l["out_channels"], l["kernel"], l["stride"],
                                                  l["padding"]), nn.BatchNorm2d(l["out_channels"]), nn.ReLU()))
        elif kind == "conv":
            layers.append(nn.Sequential(nn.Conv2d(l["in_channels"], l["out_channels"], 1), nn.ReLU()))
        elif kind == "maxpool":
            layers.append(nn.MaxPool2d(3, 2, ceil_mode=True))
        elif kind == "fire":
            layers.append(Fire(l["in_channels"], l["s1x1"], l["e1x1"], l["e3x3"]))
        elif kind == "bypass_identity":
            layers.append(Bypass(layers.pop(), None))
        elif kind == "bypass_conv":
            layers.append(Bypass(layers.pop(), nn.Sequential(nn.Conv2d(l["in_channels"], l["out_channels"], 1),
                                                             nn.BatchNorm2d(l["out_channels"]))))
        elif kind == "dropout":
            layers.append(nn.Dropout(0.5))
        elif kind == "global_avgpool":
            layers.append(nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()))
    net = nn.Sequential(*layers)
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight)
            nn.init.zeros_(m.bias)
    convs = sum(p.numel() for m in net.modules() if isinstance(m, nn.Conv2d) for p in m.parameters())
    if convs != design["params"]:
        sys.exit(f"peer network has {convs} parameters, the layer table {design['params']}")
    return net


DATA = {}


def load(a):
    x = idx(os.path.join(a.data_dir, "train-images-idx3-ubyte.gz"))[: a.train_subset]
    y = idx(os.path.join(a.data_dir, "train-labels-idx1-ubyte.gz"))[: a.train_subset]
    tx = idx(os.path.join(a.data_dir, "t10k-images-idx3-ubyte.gz"))[: a.test_subset]
    ty = idx(os.path.join(a.data_dir, "t10k-labels-idx1-ubyte.gz"))[: a.test_subset]
    raw = x.astype(np.float32) / 255.0
    mean, std = raw.mean(), raw.std()

    def prep(images):
        t = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
        return (nn.functional.pad(t, (2, 2, 2, 2)) - mean) / std

    DATA.update(train_x=prep(x), train_y=torch.from_numpy(y.astype(np.int64)), test_x=prep(tx),
                test_y=torch.from_numpy(ty.astype(np.int64)))


def train(job):
    a, i, design = job
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed + i)
    start = time.perf_counter()
    net = network(design)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    n = len(DATA["train_x"])
    per_epoch = math.ceil(n / a.batch_size)
    total, warmup = per_epoch * a.epochs, per_epoch * a.warmup_epochs
    step = 0
    for _ in range(a.epochs):
        net.train()
        order = torch.randperm(n)
        for b in range(0, n, a.batch_size):
            rate = a.lr * step / warmup if step < warmup else \
                a.lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))
            for g in opt.param_groups:
                g["lr"] = rate
            idx_b = order[b:b + a.batch_size]
            opt.zero_grad()
            loss = loss_fn(net(DATA["train_x"][idx_b]), DATA["train_y"][idx_b])
            loss.backward()
            opt.step()
            loss.item()
            step += 1
        net.eval()
        top1 = top5 = 0
        with torch.no_grad():
            for b in range(0, len(DATA["test_x"]), a.batch_size):
                top = net(DATA["test_x"][b:b + a.batch_size]).topk(5, 1).indices
                truth = DATA["test_y"][b:b + a.batch_size].unsqueeze(1)
                top1 += (top[:, :1] == truth).sum().item()
                top5 += (top == truth).any(1).sum().item()
    m = design["metaparameters"]
    return {"sr": m["sr"], "pct_3x3": m["pct_3x3"], "bypass": m["bypass"], "params": design["params"],
            "top1": top1 / len(DATA["test_x"]), "top5": top5 / len(DATA["test_x"]),
            "seconds": round(time.perf_counter() - start, 2)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("designs", help="a JSON array of `dse arch --json` objects")
    p.add_argument("--out", required=True, help="the CSV to write")
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--train-subset", type=int, default=5000)
    p.add_argument("--test-subset", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup-epochs", type=float, default=0.5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    with open(a.designs) as f:
        designs = json.load(f)
    if a.processes > 1:
        torch.set_num_threads(1)   # no OpenMP pool in the parent: libgomp's does not survive a fork
    load(a)   # once, before the processes fork: each gets the tensors copy-on-write
    jobs = [(a, i, d) for i, d in enumerate(designs)]
    if a.processes == 1:
        rows = [train(j) for j in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(a.processes) as pool:
            rows = list(pool.imap_unordered(train, jobs))
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
