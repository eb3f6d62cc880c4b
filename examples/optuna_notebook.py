# %% [markdown]
# # Optuna's sampler, our workers
# Optuna keeps its sampler and asks for the designs (TPE here, NSGA-II with `sampler="nsga2"`); squeezenet-dse is the
# objective's executor: each design goes to an external search (`POST /api/v1/sweeps/{id}/designs`), where the
# size constraint is checked for free from the layer table (a design that breaks it never trains, and Optuna hears
# it was pruned), the service's workers train the rest, its ASHA pruner stops the weak ones early, and the sweep
# keeps the proposals, the accuracy-size front and the figure as for the service's own samplers. `optuna_dse.py`,
# beside this notebook, does the asking and telling; it also runs from the command line.
#
# Start a service first (`./dse up`), then set `DSE_SERVER` (default `http://localhost:8080`) and `DSE_TOKEN` (a
# writer token, or the admin token in `data/admin-token`). `DSE_DATASET`, `DSE_TRAIN_SUBSET` and `DSE_EPOCHS` size
# the study (defaults: Fashion-MNIST, 500 images, 2 epochs: a couple of minutes on 2 cores). Optuna is not a Debian
# package: `scripts/install-deps.sh` installs it into `~/.cache/squeezenet-dse/optuna-venv`, whose python runs this
# notebook (`~/.cache/squeezenet-dse/optuna-venv/bin/python -m nbconvert --to notebook --execute ...`).

# %%
import os
import warnings

warnings.filterwarnings("ignore", message="IProgress not found")  # Optuna's progress bar, which this never shows
import optuna
import pandas as pd
import requests
from IPython.display import SVG

from optuna_dse import ok, run_study

server = os.environ.get("DSE_SERVER", "http://localhost:8080").rstrip("/")
token = os.environ.get("DSE_TOKEN") or open("data/admin-token").read().strip()
api = requests.Session()
api.headers["Authorization"] = f"Bearer {token}"
train_subset = int(os.environ.get("DSE_TRAIN_SUBSET", "500"))
training = {"dataset": os.environ.get("DSE_DATASET", "fashion-mnist"), "train_subset": train_subset,
            "test_subset": max(100, train_subset // 2), "epochs": int(os.environ.get("DSE_EPOCHS", "2"))}
optuna.logging.set_verbosity(optuna.logging.WARNING)

# %% [markdown]
# ## Four designs chosen by Optuna's TPE, trained by the service
# The space is the service's own (`optuna_dse.SPACE`: SR, pct_3x3, base_e and bypass); designs over 3 MiB are
# refused before training and use none of the budget.

# %%
study, sweep_id = run_study(server, token, sampler="tpe", budget=4, seed=1, training=training,
                            constraints={"size_mib_max": 3},
                            pruner={"name": "asha", "min_epochs": 1, "reduction": 3})
refused = sum(t.user_attrs["outcome"] == "constrained" for t in study.trials)
print(f"sweep {sweep_id}: {len(study.trials)} Optuna trials for a budget of 4 designs;"
      f" {refused} refused by the size constraint, told as pruned")
print(f"Optuna's best top-1: {study.best_value!r}")
# the designs trained: COMPLETE, or PRUNED by the service's ASHA (value: top-1 at the epoch it stopped)
pd.DataFrame([{"number": t.number, "state": t.state.name, "top1": t.values[0] if t.values else None, **t.params}
              for t in study.trials if t.user_attrs["outcome"] == "queued"])

# %% [markdown]
# ## What the service did with each proposal
# Queued (trained, or pruned by ASHA at an epoch) or constrained (with the reason, nothing trained).

# %%
proposals = ok(api.get(f"{server}/api/v1/sweeps/{sweep_id}/proposals"))
pd.DataFrame([{"number": p["number"], "origin": p["origin"], "outcome": p["outcome"],
               **{k: p["metaparameters"][k] for k in ("sr", "pct_3x3", "base_e", "bypass")},
               "status": p["trials"][0]["status"] if p["trials"] else None,
               "size_mib": p["trials"][0]["size_bytes"] / 2**20 if p["trials"] else None,
               "top1": p["trials"][0].get("top1") if p["trials"] else None,
               "pruned_at_epoch": p["trials"][0].get("pruned_at_epoch") if p["trials"] else None,
               "reason": p.get("reason")} for p in proposals])

# %% [markdown]
# ## The accuracy-size front
# No other design is both smaller and at least as accurate; pruned trials enter no front.

# %%
front = ok(api.get(f"{server}/api/v1/sweeps/{sweep_id}/front"))
print(f"front's best top-1: {max(p['top1_mean'] for p in front['points'])!r}")
pd.DataFrame([{**{k: p["metaparameters"][k] for k in ("sr", "pct_3x3", "base_e", "bypass")},
               "size_mib": p["size_mib"], "top1": p["top1_mean"]} for p in front["points"]])

# %% [markdown]
# ## The sweep's figure, drawn by the service
# Hollow grey markers are the trials ASHA pruned, labelled with their epoch.

# %%
SVG(api.get(f"{server}/api/v1/sweeps/{sweep_id}/figure.svg").text)
