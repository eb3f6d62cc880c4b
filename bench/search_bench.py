#!/usr/bin/env python3
"""The search benchmark's driver: runs each strategy on one space against a running service and scores the
accuracy-size front each reached at several budgets by its hypervolume.

Every strategy trains on the same service, workers, recipe and data: ours through a sweep's "strategy", Optuna's
(TPE, NSGA-II) through an external sweep (examples/optuna_dse.py), one design in training at a time. A budget of b is
b designs' worth of epochs, counted in the order the designs were proposed (a pruned trial counts the epochs it
trained), so early stopping is credited with what it saved. The front holds the designs trained to the end; its
hypervolume is the area it dominates between size 0 and the size limit and accuracy 0, divided by the limit (a
mean top-1 over sizes: 1.0 would be a perfect network of size 0).

    python3 bench/search_bench.py --url URL --token T --out DIR [--budgets 10,20,40] [--seeds 1,2,3] [--strategies ...]
"""
import argparse
import json
import pathlib
import sys
import time

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "examples"))
import optuna_dse  # noqa: E402  (the notebook's module: the peer runs through the same client code users get)

MIB = 1024 * 1024
# ours: strategy name and pruner; optuna: the sampler and the same pruner
STRATEGIES = {
    "random": ("random", None),
    "bayesian+asha": ("bayesian", "asha"),
    "evolutionary": ("evolutionary", None),
    "evolutionary+asha": ("evolutionary", "asha"),
    "evolutionary+mo-asha": ("evolutionary", "mo-asha"),
    "optuna-tpe+asha": ("optuna:tpe", "asha"),
    "optuna-nsga2+asha": ("optuna:nsga2", "asha"),
}


def rungs(name):
    """ASHA's rungs, on top-1 alone (asha) or on top-1 and size (mo-asha)."""
    return {"name": name, "min_epochs": 1, "reduction": 3}


def run(api, url, token, strategy, seed, budget, training, constraints):
    name, pruner = STRATEGIES[strategy]
    label = f"search bench {strategy} seed {seed}"
    if name.startswith("optuna:"):
        _, sweep_id = optuna_dse.run_study(url, token, sampler=name.split(":")[1], budget=budget, seed=seed,
                                           training=training, constraints=constraints,
                                           pruner=pruner and rungs(pruner), n_jobs=1, name=label)
    else:
        body = {"name": label, "space": optuna_dse.SPACE, "training": training, "constraints": constraints,
                "strategy": {"name": name, "budget": budget, "seed": seed}}
        if name != "random":  # proposals made as results arrive: one at a time, as Optuna's n_jobs 1
            body["strategy"]["parallel"] = 1
        if pruner:
            body["pruner"] = rungs(pruner)
        sweep_id = optuna_dse.ok(api.post(f"{url}/api/v1/sweeps", json=body))["id"]
    while optuna_dse.ok(api.get(f"{url}/api/v1/sweeps/{sweep_id}"))["status"] in ("QUEUED", "RUNNING"):
        time.sleep(3)
    return sweep_id, optuna_dse.ok(api.get(f"{url}/api/v1/sweeps/{sweep_id}/proposals"))


def hypervolume(points, reference):
    """Area dominated by (size down, accuracy up) points within sizes [0, reference], over the reference."""
    area, best = 0.0, 0.0
    ordered = sorted(p for p in points if p[0] <= reference)
    for i, (size, accuracy) in enumerate(ordered):
        best = max(best, accuracy)
        area += best * ((ordered[i + 1][0] if i + 1 < len(ordered) else reference) - size)
    return area / reference


def score(proposals, budget, epochs, reference):
    """The hypervolume of the designs trained within `budget` designs' worth of epochs, in proposal order."""
    used, points, trained, pruned = 0, [], 0, 0
    for p in proposals:
        if p["outcome"] != "queued":
            continue
        cost = sum(t["pruned_at_epoch"] if t["status"] == "PRUNED" else epochs for t in p["trials"])
        if used + cost > budget * epochs * len(p["trials"]):
            break
        used += cost
        done = [t for t in p["trials"] if t["status"] == "SUCCEEDED"]
        pruned += any(t["status"] == "PRUNED" for t in p["trials"])
        if done:
            trained += 1
            points.append((done[0]["size_bytes"] / MIB, sum(t["top1"] for t in done) / len(done)))
    return hypervolume(points, reference), trained, pruned, used


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--out", required=True, type=pathlib.Path)
    p.add_argument("--budgets", default="10,20,40")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--strategies", default=",".join(STRATEGIES))
    p.add_argument("--train-subset", type=int, default=5000)
    p.add_argument("--test-subset", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--size-mib-max", type=float, default=8.0)
    a = p.parse_args()
    budgets = [int(b) for b in a.budgets.split(",")]
    training = {"dataset": "fashion-mnist", "train_subset": a.train_subset, "test_subset": a.test_subset,
                "epochs": a.epochs}
    constraints = {"size_mib_max": a.size_mib_max}
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {a.token}"
    a.out.mkdir(parents=True, exist_ok=True)
    rows = a.out / "runs.tsv"
    if not rows.exists():
        rows.write_text("strategy\tseed\tbudget\thypervolume\ttrained\tpruned\tepochs\tsweep\tseconds\n")
    for seed in [int(s) for s in a.seeds.split(",")]:
        for strategy in a.strategies.split(","):
            started = time.monotonic()
            sweep_id, proposals = run(api, a.url, a.token, strategy, seed, max(budgets), training, constraints)
            seconds = time.monotonic() - started
            (a.out / f"{strategy}-seed{seed}-proposals.json").write_text(json.dumps(proposals))
            with rows.open("a") as f:
                for b in budgets:
                    hv, trained, pruned, used = score(proposals, b, a.epochs, a.size_mib_max)
                    f.write(f"{strategy}\t{seed}\t{b}\t{hv:.4f}\t{trained}\t{pruned}\t{used}\t{sweep_id}\t{seconds:.0f}\n")
                    print(f"{strategy} seed {seed} budget {b}: hypervolume {hv:.4f} ({trained} trained, {pruned} pruned,"
                          f" {used} epochs)", flush=True)


if __name__ == "__main__":
    main()
