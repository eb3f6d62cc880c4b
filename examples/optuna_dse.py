#!/usr/bin/env python3
"""Optuna's samplers over squeezenet-dse's design space, with the service as the objective's executor.

Optuna keeps choosing the designs (ask/tell); the service trains them on its workers, measures their exact sizes and
refuses, without training, any design that breaks the sweep's constraints; its pruner (ASHA) stops the weak ones early.
Each design goes to an external search (POST /api/v1/sweeps/{id}/designs), so the sweep's proposals, front, summary,
figure and report are the same as for the service's own samplers.

    from optuna_dse import run_study
    study, sweep_id = run_study("http://localhost:8080", token, sampler="tpe", budget=6, seed=1)

or, printing one JSON line with the sweep id and the results:

    python3 examples/optuna_dse.py --url URL --token TOKEN --sampler tpe --budget 6 --seed 1
"""
import argparse
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import optuna
import requests

# The service's own search space in its own words (a sweep's "space"), so the same dict can be posted to its samplers.
SPACE = {"sr": {"min": 0.125, "max": 1.0}, "pct_3x3": {"min": 0.01, "max": 0.99},
         "base_e": {"min": 64, "max": 256, "step": 32}, "bypass": ["none", "simple", "complex"]}
# What a space leaves out takes SqueezeNet v1.0's value, as the service's own searches do.
V1_0 = {"base_e": 128, "incr_e": 128, "freq": 2, "sr": 0.125, "pct_3x3": 0.5, "bypass": "none", "variant": "v1.0"}
TRAINING = {"dataset": "fashion-mnist", "train_subset": 2000, "test_subset": 500, "epochs": 3}
DONE = {"SUCCEEDED", "FAILED", "CANCELLED", "PRUNED"}
MIB = 1024 * 1024


def run_study(url, token, sampler="tpe", budget=6, seed=1, space=SPACE, training=TRAINING,
              constraints={"size_mib_max": 3}, pruner={"name": "asha", "min_epochs": 1, "reduction": 3},
              startup=None, n_jobs=None, name=None, max_asks=None, poll=2.0):
    """Runs one Optuna study whose objective the service at `url` executes; returns (study, sweep_id).

    sampler: "tpe" (TPESampler, maximize top-1) or "nsga2" (NSGAIISampler, maximize top-1 and minimize the size
        of the network trained in MiB). Both are seeded with `seed`.
    budget: designs to train: Optuna is asked for no more once the sweep has queued that many, and the study ends
        when they have trained. A design the constraints refuse, or one sent before, uses none of it.
    space: {metaparameter: {"min", "max"[, "step"][, "log"]} or [choices]}, as a sweep's "space"; integer bounds
        make an integer parameter.
    training, constraints, pruner: the sweep's, as POST /api/v1/sweeps takes them.
    startup: TPE's n_startup_trials, NSGA-II's population_size; by default the service's own rule for its samplers
        (a quarter of the budget, at least 4, at most 10), so the two compare like for like.
    n_jobs: designs in training at once, one thread each; by default one per live worker of the service.
    max_asks: how many designs Optuna may propose in all (default 200 per design of the budget, as the service's
        own searches): a space the constraints almost fill must not loop for ever. When they run out first, the
        sweep is cancelled (it would otherwise wait for designs that never come) and study.user_attrs["exhausted"]
        is True.
    poll: seconds between looks at a training trial.

    Each Optuna trial's user_attrs hold the design sent ("metaparameters"), the service's answer ("outcome":
    queued or constrained, with "reason") and its trials ("trial_ids").
    """
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    url = url.rstrip("/")
    startup = startup or min(budget, max(4, min(10, budget // 4)))
    if sampler == "tpe":
        study = optuna.create_study(direction="maximize",
                                    sampler=optuna.samplers.TPESampler(seed=seed, n_startup_trials=startup))
    elif sampler == "nsga2":
        study = optuna.create_study(directions=["maximize", "minimize"], sampler=optuna.samplers.NSGAIISampler(
            seed=seed, population_size=max(2, startup)))
    else:
        raise ValueError(f"sampler must be tpe or nsga2, got {sampler!r}")
    sweep = ok(api.post(f"{url}/api/v1/sweeps", json={
        "name": name or f"optuna {sampler} seed {seed}", "strategy": {"name": "external", "budget": budget},
        "constraints": constraints, "pruner": pruner, "training": training}))
    if n_jobs is None:
        n_jobs = max(1, sum(w["alive"] for w in ok(api.get(f"{url}/api/v1/workers"))))
    max_asks = max_asks or 200 * budget
    lock = threading.Lock()
    counts = {"queued": 0, "asks": 0}
    failed = threading.Event()

    def work():
        try:
            while True:
                # one ask and send at a time, so that no thread sends past the budget; the trainings wait in parallel
                with lock:
                    if failed.is_set() or counts["queued"] >= budget or counts["asks"] >= max_asks:
                        return
                    counts["asks"] += 1
                    trial = study.ask()
                    design = {**V1_0, **{k: _suggest(trial, k, v) for k, v in space.items()}}
                    trial.set_user_attr("metaparameters", design)
                    answer = api.post(f"{url}/api/v1/sweeps/{sweep['id']}/designs", json={"metaparameters": design})
                    counts["queued"] += answer.status_code == 201  # 200: refused, or sent before; no budget used
                _tell(api, url, study, trial, answer, poll)
        except BaseException:
            failed.set()  # the other threads stop asking; the error is the study's
            raise

    with ThreadPoolExecutor(n_jobs) as pool:
        for f in [pool.submit(work) for _ in range(n_jobs)]:
            f.result()
    if counts["queued"] < budget:
        study.set_user_attr("exhausted", True)
        ok(api.post(f"{url}/api/v1/sweeps/{sweep['id']}/cancel"))
    return study, sweep["id"]


def _suggest(trial, name, spec):
    if isinstance(spec, list):
        return trial.suggest_categorical(name, spec)
    if all(isinstance(spec[k], int) for k in ("min", "max")):
        return trial.suggest_int(name, spec["min"], spec["max"], step=spec.get("step", 1), log=spec.get("log", False))
    return trial.suggest_float(name, spec["min"], spec["max"], step=spec.get("step"), log=spec.get("log", False))


def _tell(api, url, study, trial, answer, poll):
    """Waits for the design's trials, then tells Optuna what they came to."""
    if answer.status_code == 400:  # a design the service cannot build, e.g. a simple bypass on unequal channels
        trial.set_user_attr("outcome", "invalid: " + answer.json()["detail"])
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
        return
    proposal = ok(answer)
    trial.set_user_attr("outcome", proposal["outcome"])
    if proposal["outcome"] == "constrained":
        # Pruned, not failed: TPE ranks a pruned trial without values below every completed one, so it learns to
        # avoid the region, where a failed trial would teach it nothing; NSGA-II skips both. Optuna's own
        # constraints_func would need the objective's values, which a design never trained does not have.
        trial.set_user_attr("reason", proposal["reason"])
        study.tell(trial, state=optuna.trial.TrialState.PRUNED)
        return
    trial.set_user_attr("trial_ids", [t["id"] for t in proposal["trials"]])
    runs = []
    for ref in proposal["trials"]:
        while (run := ok(api.get(f"{url}/api/v1/trials/{ref['id']}")))["status"] not in DONE:
            time.sleep(poll)
        runs.append(run)
    succeeded = [r for r in runs if r["status"] == "SUCCEEDED"]
    if len(study.directions) == 1:
        # the epochs' top-1 as intermediate values: TPE orders pruned trials by how far and how well they got
        per_epoch = {}
        for r in runs:
            for e in r["epochs"]:  # a retried trial's later attempt overwrites its earlier one
                per_epoch.setdefault(e["epoch"], {})[r["id"]] = e["top1"]
        for epoch, top1 in sorted(per_epoch.items()):
            values = [v for v in top1.values() if v is not None]
            if values:
                trial.report(sum(values) / len(values), epoch)
    if succeeded:
        # the mean over the seeds that trained to the end, as the service's summary and front count a design
        top1 = sum(r["top1"] for r in succeeded) / len(succeeded)
        study.tell(trial, top1 if len(study.directions) == 1 else [top1, succeeded[0]["size_bytes"] / MIB])
    elif any(r["status"] == "PRUNED" for r in runs):  # the service's ASHA stopped it
        study.tell(trial, state=optuna.trial.TrialState.PRUNED)
    else:
        study.tell(trial, state=optuna.trial.TrialState.FAIL)


def ok(response):
    """The JSON of a 2xx answer; anything else stops here with the server's problem detail."""
    if not response.ok:
        raise RuntimeError(f"{response.request.method} {response.url}: {response.status_code} {response.text}")
    return response.json()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--sampler", choices=["tpe", "nsga2"], default="tpe")
    p.add_argument("--budget", type=int, default=6)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--dataset", default=TRAINING["dataset"])
    p.add_argument("--train-subset", type=int, default=TRAINING["train_subset"])
    p.add_argument("--test-subset", type=int, default=TRAINING["test_subset"])
    p.add_argument("--epochs", type=int, default=TRAINING["epochs"])
    p.add_argument("--size-mib-max", type=float, default=3)
    p.add_argument("--startup", type=int)
    p.add_argument("--n-jobs", type=int)
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)  # not a line per trial on stderr; stdout is the JSON line
    started = time.monotonic()
    study, sweep_id = run_study(a.url, a.token, a.sampler, a.budget, a.seed,
                                training={"dataset": a.dataset, "train_subset": a.train_subset,
                                          "test_subset": a.test_subset, "epochs": a.epochs},
                                constraints={"size_mib_max": a.size_mib_max}, startup=a.startup, n_jobs=a.n_jobs)
    print(json.dumps({
        "sweep_id": sweep_id, "sampler": a.sampler, "budget": a.budget, "seed": a.seed,
        "seconds": round(time.monotonic() - started, 1), "exhausted": study.user_attrs.get("exhausted", False),
        # best_trials: the best, or NSGA-II's front; none before a design trained to the end
        "best": [{"number": t.number, "values": t.values, "metaparameters": t.user_attrs["metaparameters"]}
                 for t in (study.best_trials if study.get_trials(states=[optuna.trial.TrialState.COMPLETE]) else [])],
        "trials": [{"number": t.number, "state": t.state.name, "values": t.values, **t.user_attrs}
                   for t in study.trials]}))


if __name__ == "__main__":
    main()
