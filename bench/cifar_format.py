#!/usr/bin/env python3
"""Writes Fashion-MNIST in CIFAR-10's binary format (data_batch_1..5.bin, test_batch.bin: a label byte, then 3x32x32
bytes, channel planes in order), so the CIFAR-10 loading path can be measured on real, learnable images offline.
Each 28x28 image is padded to 32x32 and repeated on three channels.

  cifar_format.py FASHION_MNIST_DIR OUT_DIR [train_per_batch=2000] [test=2000]
"""
import gzip
import os
import sys


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    sizes = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return data[4 + 4 * dims:], sizes


def write(images, labels, start, count, path):
    out = bytearray()
    for i in range(start, start + count):
        img = images[i * 784:(i + 1) * 784]
        plane = bytearray(1024)
        for r in range(28):
            plane[(r + 2) * 32 + 2:(r + 2) * 32 + 30] = img[r * 28:(r + 1) * 28]
        out.append(labels[i])
        out += plane * 3
    with open(path, "wb") as f:
        f.write(out)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    per_batch = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    test = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    os.makedirs(dst, exist_ok=True)
    train_x, _ = idx(os.path.join(src, "train-images-idx3-ubyte.gz"))
    train_y, _ = idx(os.path.join(src, "train-labels-idx1-ubyte.gz"))
    test_x, _ = idx(os.path.join(src, "t10k-images-idx3-ubyte.gz"))
    test_y, _ = idx(os.path.join(src, "t10k-labels-idx1-ubyte.gz"))
    for b in range(5):
        write(train_x, train_y, b * per_batch, per_batch, os.path.join(dst, "data_batch_%d.bin" % (b + 1)))
    write(test_x, test_y, 0, test, os.path.join(dst, "test_batch.bin"))


if __name__ == "__main__":
    main()
