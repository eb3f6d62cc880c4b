#!/usr/bin/env python3
"""Writes each notebook from its script (cells split at "# %%" lines; "# %% [markdown]" cells are Markdown with
their "# " prefixes removed): notebook.ipynb from notebook.py, optuna.ipynb from optuna_notebook.py (not optuna.py,
which would hide the optuna package from the script's own imports). The scripts are the source: edit one, then run
this. Tests check each pair agrees."""
import json
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = {"notebook.py": "notebook.ipynb", "optuna_notebook.py": "optuna.ipynb"}


def cells(source):
    out = []
    for chunk in re.split(r"^# %%", source, flags=re.M)[1:]:
        header, _, body = chunk.partition("\n")
        body = body.strip("\n")
        if header.strip() == "[markdown]":
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.splitlines())
            out.append({"cell_type": "markdown", "id": f"cell-{len(out)}", "metadata": {},
                        "source": text.splitlines(keepends=True)})
        else:
            out.append({"cell_type": "code", "id": f"cell-{len(out)}", "metadata": {}, "execution_count": None,
                        "outputs": [], "source": body.splitlines(keepends=True)})
    return out


def main():
    for script, ipynb in NOTEBOOKS.items():
        with open(os.path.join(here, script)) as f:
            notebook = {"cells": cells(f.read()), "nbformat": 4, "nbformat_minor": 5,
                        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                                     "language_info": {"name": "python"}}}
        with open(os.path.join(here, ipynb), "w") as f:
            json.dump(notebook, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
