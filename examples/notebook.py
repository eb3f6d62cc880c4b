# %% [markdown]
# # A sweep from a notebook
# Submit one of the paper's studies to a running squeezenet-dse, follow it, load its results with pandas, plot
# accuracy against model size beside the paper's published points, and look at one trial's epochs.
#
# Start a service first (`./dse up`), then set `DSE_SERVER` (default `http://localhost:8080`) and `DSE_TOKEN` (a
# writer token: `./dse token create notebook --role writer`, or the admin token in `data/admin-token`).
# `DSE_DATASET`, `DSE_TRAIN_SUBSET` and `DSE_EPOCHS` size the study (defaults: Fashion-MNIST, 2,000 images, 2 epochs).

# %%
import io
import os
import time

import matplotlib
matplotlib.use("Agg")  # headless: the figure is written to a file (and shown inline in Jupyter)
import matplotlib.pyplot as plt
import pandas as pd
import requests

server = os.environ.get("DSE_SERVER", "http://localhost:8080").rstrip("/")
token = os.environ.get("DSE_TOKEN") or open("data/admin-token").read().strip()
api = requests.Session()
api.headers["Authorization"] = f"Bearer {token}"
dataset = os.environ.get("DSE_DATASET", "fashion-mnist")
train_subset = int(os.environ.get("DSE_TRAIN_SUBSET", "2000"))
epochs = int(os.environ.get("DSE_EPOCHS", "2"))


def ok(response):
    """The JSON of a 2xx answer; anything else stops here with the server's problem detail."""
    if not response.ok:
        raise RuntimeError(f"{response.request.method} {response.url}: {response.status_code} {response.text}")
    return response.json()


# %% [markdown]
# ## Submit Figure 3a: the squeeze ratio swept at pct_3x3 = 0.5
# The answer carries every trial's exact size at once, before any training.

# %%
sweep = ok(api.post(f"{server}/api/v1/sweeps", json={
    "name": "Figure 3a from a notebook",
    "preset": "fig3a",
    "training": {"dataset": dataset, "train_subset": train_subset, "test_subset": max(100, train_subset // 4),
                 "epochs": epochs, "seeds": [1]},
}))
print(f"sweep {sweep['id']}: {sweep['trial_count']} trials")
pd.DataFrame([{"sr": t["metaparameters"]["sr"], "params": t["params"], "size_bytes": t["size_bytes"]}
              for t in sweep["trials"]])

# %% [markdown]
# ## Follow it
# Polling once a few seconds; `eta_seconds` comes from the trials already trained.

# %%
while True:
    state = ok(api.get(f"{server}/api/v1/sweeps/{sweep['id']}"))
    counts = state["counts"]
    eta = state.get("eta_seconds")  # absent until a trial finished
    print(f"{state['status']}: {counts['SUCCEEDED']} succeeded, {counts['RUNNING']} running, {counts['QUEUED']} queued"
          + ("" if eta is None else f", ETA {eta:.0f} s"))
    if state["status"] not in ("QUEUED", "RUNNING"):
        break
    time.sleep(3)
if state["status"] != "SUCCEEDED":
    failed = ok(api.get(f"{server}/api/v1/sweeps/{sweep['id']}/trials", params={"status": "failed", "size": 1}))
    raise RuntimeError(f"sweep {state['status']}: {failed['content'][0]['error'] if failed['content'] else state}")

# %% [markdown]
# ## The results as a table

# %%
csv = api.get(f"{server}/api/v1/sweeps/{sweep['id']}/results.csv")
csv.raise_for_status()
results = pd.read_csv(io.StringIO(csv.text))
results[["trial_id", "sr", "pct_3x3", "params", "size_mib", "top1", "top5", "duration_seconds"]]

# %% [markdown]
# ## Accuracy against model size, beside the paper's points
# Ours on the left axis (this dataset), the paper's ImageNet top-5 on the right (from the sweep's summary).

# %%
summary = ok(api.get(f"{server}/api/v1/sweeps/{sweep['id']}/summary"))
fig, ours = plt.subplots(figsize=(7, 4))
ours.plot(results["size_mib"], results["top1"], "o-", label=f"ours: top-1 on {dataset}")
for _, row in results.iterrows():
    ours.annotate(f"SR {row['sr']}", (row["size_mib"], row["top1"]), textcoords="offset points", xytext=(4, 4))
ours.set_xlabel("model size (MiB, 32-bit weights)")
ours.set_ylabel("top-1 (ours)")
paper = ours.twinx()
points = [p for p in summary["paper"] if p["top5"] is not None]
paper.plot([p["size_mb"] for p in points], [p["top5"] for p in points], "s--", color="gray",
           label="paper: ImageNet top-5")
paper.set_ylabel("top-5 (paper, ImageNet)")
fig.legend(loc="lower right")
fig.tight_layout()
fig.savefig("notebook-figure.png")
print(f"{len(points)} paper points, {len(results)} of ours; written to notebook-figure.png")

# %% [markdown]
# ## One trial, epoch by epoch

# %%
best = results.sort_values("top1", ascending=False).iloc[0]
trial = ok(api.get(f"{server}/api/v1/trials/{int(best['trial_id'])}"))
epochs = pd.DataFrame(trial["epochs"])[["epoch", "train_loss", "top1", "top5", "images_per_second"]]
assert len(epochs) >= 1
epochs
