"""The task commands: `zoo summarize`, `classify`, `embed`, `similar`, `search`, `paraphrase`, `batch`, `eval`.

Each is a thin layer over `zoo_desktop.tasks`; they read files or standard input (`-`), write text or
`--json` (one object per line per input, with the model id and, for generation, the generated token ids),
show a progress line on stderr when it is a terminal, and exit with: 0 ok, 2 usage, 3 model not found
(or no model for the task), 12 model not converted, 13 no input could be read, 14 some inputs failed
(the others were done), 130 cancelled.
"""

from __future__ import annotations

import argparse

from zoo_desktop.cli import batch_cmd, classify_cmd, eval_cmd, summarize_cmd, vectors_cmd


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for module in (summarize_cmd, classify_cmd, vectors_cmd, batch_cmd, eval_cmd):
        module.register(sub)
