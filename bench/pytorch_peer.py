#!/usr/bin/python3
"""The PyTorch peer for bench/run.sh: torchvision's squeezenet1_0 with the same changes our small recipe makes
(conv1 3x3/1 pad 1 on C input channels, conv10 to the dataset's classes), trained with Adam at 1e-3 on the same
Fashion-MNIST subset, padded to 32x32 and normalized the same way. Prints one JSON line."""
import argparse, gzip, json, math, os, resource, time

import numpy as np
import torch
import torch.nn as nn
import torchvision


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(magic & 0xff)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--train-subset", type=int, default=5000)
    p.add_argument("--test-subset", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--matmul", action="store_true", help="only report the GFLOP/s of a 2048^2 matmul")
    p.add_argument("--channels-last", action="store_true", help="the tuned peer: NHWC memory format, as ours uses")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.matmul:
        m = torch.rand(2048, 2048)
        best = 0.0
        for _ in range(8):
            start = time.perf_counter()
            torch.mm(m, m)
            best = max(best, 2 * 2048 ** 3 / (time.perf_counter() - start) / 1e9)
        print(json.dumps({"impl": "pytorch", "matmul_gflops": best}))
        return
    torch.manual_seed(a.seed)
    x = idx(os.path.join(a.data_dir, "train-images-idx3-ubyte.gz"))[: a.train_subset]
    y = idx(os.path.join(a.data_dir, "train-labels-idx1-ubyte.gz"))[: a.train_subset]
    tx = idx(os.path.join(a.data_dir, "t10k-images-idx3-ubyte.gz"))[: a.test_subset]
    ty = idx(os.path.join(a.data_dir, "t10k-labels-idx1-ubyte.gz"))[: a.test_subset]

    def prep(images):
        t = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
        t = nn.functional.pad(t, (2, 2, 2, 2))
        return (t - mean) / std

    raw = torch.from_numpy(x.astype(np.float32) / 255.0)
    mean, std = raw.mean().item(), raw.std().item()
    train_x, train_y = prep(x), torch.from_numpy(y.astype(np.int64))
    test_x, test_y = prep(tx), torch.from_numpy(ty.astype(np.int64))

    net = torchvision.models.squeezenet1_0(num_classes=10)
    net.features[0] = nn.Conv2d(1, 96, kernel_size=3, stride=1, padding=1)
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        train_x = train_x.contiguous(memory_format=torch.channels_last)
        test_x = test_x.contiguous(memory_format=torch.channels_last)
    params = sum(p.numel() for p in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = len(train_x)
    for _ in range(a.epochs):
        net.train()
        order = torch.randperm(n)
        start = time.perf_counter()
        for b in range(0, n, a.batch_size):
            idx_b = order[b:b + a.batch_size]
            opt.zero_grad()
            loss = loss_fn(net(train_x[idx_b]), train_y[idx_b])
            loss.backward()
            opt.step()
            loss.item()
        last_epoch_seconds = time.perf_counter() - start  # the last epoch: steady state, as for ours
    net.eval()
    correct = 0
    start = time.perf_counter()
    with torch.no_grad():
        for b in range(0, len(test_x), a.batch_size):
            out = net(test_x[b:b + a.batch_size])
            correct += (out.argmax(1) == test_y[b:b + a.batch_size]).sum().item()
    eval_seconds = time.perf_counter() - start
    print(json.dumps({
        "impl": "pytorch", "torch_version": torch.__version__, "params": params, "channels_last": a.channels_last,
        "images_per_second": n / last_epoch_seconds,
        "eval_images_per_second": len(test_x) / eval_seconds,
        "top1": correct / len(test_x),
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
