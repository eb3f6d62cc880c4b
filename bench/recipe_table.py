#!/usr/bin/env python3
"""Records bench/recipe.sh's runs as JSON lines and turns them into docs/recipe.md's tables.

  recipe_table.py record FILE TAG ARGS   < one `dse train --json` result line
  recipe_table.py failure FILE TAG ARGS  < the failed run's last stderr line
  recipe_table.py has FILE TAG ARGS      exits 0 when FILE already records that run
  recipe_table.py table DIR [DOC]        prints the Markdown tables of DIR/recipe-*.jsonl, or writes them into DOC
                                         between its "generated" markers
"""
import contextlib
import io
import json
import math
import statistics
import sys
from collections import OrderedDict


def design(m):
    parts = ["%s %d" % (k, m[k]) for k, v1 in (("base_e", 128), ("incr_e", 128), ("freq", 2)) if m.get(k, v1) != v1]
    if m["sr"] != 0.125 or (not parts and m["pct_3x3"] == 0.5 and m["bypass"] == "none"):
        parts.append("SR %g" % m["sr"])
    if m["pct_3x3"] != 0.5:
        parts.append("pct_3x3 %g" % m["pct_3x3"])
    if m["bypass"] != "none":
        parts.append("%s bypass" % m["bypass"])
    return ", ".join(parts)


def design_of_args(args):
    words = args.split()
    m = {"base_e": 128, "incr_e": 128, "freq": 2, "sr": 0.125, "pct_3x3": 0.5, "bypass": "none"}
    for flag, key, cast in (("--base-e", "base_e", int), ("--incr-e", "incr_e", int), ("--freq", "freq", int),
                            ("--sr", "sr", float), ("--pct-3x3", "pct_3x3", float), ("--bypass", "bypass", str)):
        if flag in words:
            m[key] = cast(words[words.index(flag) + 1])
    return m


def record(path, tag, args, line):
    r = json.loads(line)
    rec = r["recipe"]
    row = {"tag": tag, "args": args, "design": design(r["metaparameters"]), "seed": rec["seed"], "top1": r["top1"],
           "top5": r["top5"], "images_per_second": r["images_per_second"], "wall_seconds": r["wall_seconds"],
           "epoch_seconds": [e["seconds"] for e in r["epochs"]], "params": r["params"], "norm_params": r["norm_params"],
           "recipe": rec, "dead": False}
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")


def failure(path, tag, args, message):
    words = args.split()
    seed = int(words[words.index("--seed") + 1]) if "--seed" in words else None
    row = {"tag": tag, "args": args, "design": design(design_of_args(args)), "seed": seed, "top1": None,
           "error": message.strip(), "dead": True}
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")


def has(path, tag, args):
    return any(r["tag"] == tag and r["args"] == args for r in load(path))


def load(path):
    try:
        with open(path) as f:
            return [json.loads(l) for l in f if l.strip()]
    except FileNotFoundError:
        return []


def by_tag(rows):
    """Runs grouped by recipe, the default's first."""
    groups = grouped(rows, lambda r: r["tag"])
    return OrderedDict(sorted(groups.items(), key=lambda kv: kv[0] != "default"))


def recipe_name(tag):
    return "the default recipe" if tag == "default" else "the default recipe with " + tag


def fmt_mean_std(values):
    if not values:
        return "-"
    if len(values) == 1:
        return "%.3f" % values[0]
    return "%.3f +- %.3f" % (statistics.mean(values), statistics.stdev(values))


def grouped(rows, key):
    groups = OrderedDict()
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    return groups


def table(directory):
    screen = load(directory + "/recipe-screen.jsonl")
    if screen:
        print("### Screen: candidate recipes on the designs the old default killed\n")
        print("Fashion-MNIST 2,000 train / 500 test images, 2 epochs, batch 64; top-1 mean +- std over the seeds that"
              " trained; dead = runs that ended at chance (FAILED).\n")
        print("| recipe | design | top-1 | dead / runs | images/s |")
        print("|---|---|---|---|---|")
        for (tag, d), rs in grouped(screen, lambda r: (r["tag"], r["design"])).items():
            ok = [r for r in rs if not r["dead"]]
            ips = statistics.median([r["images_per_second"] for r in ok]) if ok else None
            print("| %s | %s | %s | %d / %d | %s |" % (tag, d, fmt_mean_std([r["top1"] for r in ok]),
                  len(rs) - len(ok), len(rs), "%.0f" % ips if ips else "-"))
        print()
    goal = load(directory + "/recipe-goal.jsonl")
    for tag, runs in by_tag(goal).items():
        print("### Goal: %s on every design of Figure 3a, 3b and Table 3\n" % recipe_name(tag))
        print("Fashion-MNIST 5,000 train / 1,000 test images, 3 epochs, batch 64, seeds 1-3. Goal: top-1 >= 0.70 on"
              " every seed, std <= 0.03, no dead network.\n")
        print("| design | parameters (+ batch norm) | top-1 per seed | top-1 mean +- std | dead | images/s | meets goal |")
        print("|---|---|---|---|---|---|---|")
        all_ok = True
        for d, rs in grouped(runs, lambda r: r["design"]).items():
            ok = [r for r in rs if not r["dead"]]
            top1 = [r["top1"] for r in ok]
            std = statistics.stdev(top1) if len(top1) > 1 else 0.0
            meets = len(ok) == len(rs) and min(top1, default=0) >= 0.70 and std <= 0.03
            all_ok &= meets
            p = ok[0] if ok else None
            print("| %s | %s | %s | %s | %d | %s | %s |" % (
                d, "%s (+ %s)" % (format(p["params"], ","), format(p["norm_params"], ",")) if p else "-",
                " / ".join("%.3f" % r["top1"] if not r["dead"] else "dead" for r in sorted(rs, key=lambda r: r["seed"])),
                fmt_mean_std(top1), len(rs) - len(ok),
                "%.0f" % statistics.median([r["images_per_second"] for r in ok]) if ok else "-", "yes" if meets else "NO"))
        print("\nEvery design meets the goal: %s (%d runs).\n" % ("yes" if all_ok else "NO", len(runs)))
    ranges = load(directory + "/recipe-range.jsonl")
    if ranges:
        print("### Range: the ends of base_e, incr_e and freq\n")
        print("Fashion-MNIST 2,000 train / 500 test images, 2 epochs, batch 64, seed 1; every other metaparameter as"
              " SqueezeNet v1.0 (base_e 128, incr_e 128, freq 2, SR 0.125, pct_3x3 0.5).\n")
        print("| recipe | design | parameters (+ batch norm) | top-1 | top-5 | images/s | dead |")
        print("|---|---|---|---|---|---|---|")
        for tag, runs in by_tag(ranges).items():
            for r in runs:
                if r["dead"]:
                    print("| %s | %s | - | - | - | - | yes: %s |" % (recipe_name(tag), r["design"], r["error"]))
                else:
                    print("| %s | %s | %s (+ %s) | %.3f | %.3f | %.0f | no |" % (recipe_name(tag), r["design"],
                          format(r["params"], ","), format(r["norm_params"], ","), r["top1"], r["top5"],
                          r["images_per_second"]))
        print()
    cifar = load(directory + "/recipe-cifar.jsonl")
    if cifar:
        print("### CIFAR-10 format: 1 epoch on 1,000 images\n")
        print("3x32x32 records in CIFAR-10's binary format (500 test images; chance 0.100, two binomial standard"
              " errors above it 0.127).\n")
        print("| recipe | design | top-1 | top-5 | dead |")
        print("|---|---|---|---|---|")
        for tag, runs in by_tag(cifar).items():
            for r in runs:
                print("| %s | %s | %s | %s | %s |" % (recipe_name(tag), r["design"],
                      "%.3f" % r["top1"] if not r["dead"] else "-", "%.3f" % r["top5"] if not r["dead"] else "-",
                      "yes: " + r["error"] if r["dead"] else "no"))
        print()
    speed = load(directory + "/recipe-speed.jsonl")
    if speed:
        print("### Cost: seconds per epoch against the old default\n")
        print("SqueezeNet v1.0, Fashion-MNIST 5,000 images, 1 epoch, batch 64, 2 threads, runs alternating; medians.\n")
        print("| recipe | training images/s per run | median | epoch seconds (median) |")
        print("|---|---|---|---|")
        med = {}
        for tag, rs in grouped(speed, lambda r: r["tag"]).items():
            ips = [r["images_per_second"] for r in rs if not r["dead"]]
            secs = [r["epoch_seconds"][0] for r in rs if not r["dead"]]
            med[tag] = statistics.median(ips)
            print("| %s | %s | %.0f | %.1f |" % (tag, ", ".join("%.0f" % v for v in ips), med[tag], statistics.median(secs)))
        if "old default" in med:
            print()
            for tag in med:
                if tag != "old default":
                    print("- time per training image, %s / old default: **%.2fx**" % (tag, med["old default"] / med[tag]))
            print("\nGoal for the default (batch norm after squeeze layers): at most 1.15x.\n")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "record":
        record(sys.argv[2], sys.argv[3], sys.argv[4], sys.stdin.read())
    elif cmd == "failure":
        failure(sys.argv[2], sys.argv[3], sys.argv[4], sys.stdin.read())
    elif cmd == "has":
        sys.exit(0 if has(sys.argv[2], sys.argv[3], sys.argv[4]) else 1)
    elif cmd == "table":
        if len(sys.argv) > 3:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                table(sys.argv[2])
            doc = open(sys.argv[3]).read()
            begin, end = "<!-- generated by bench/recipe.sh: begin -->", "<!-- generated by bench/recipe.sh: end -->"
            head, rest = doc.split(begin)
            _, tail = rest.split(end)
            open(sys.argv[3], "w").write(head + begin + "\n\n" + buffer.getvalue() + end + tail)
        else:
            table(sys.argv[2])
