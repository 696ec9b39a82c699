"""Task services over the engine, without Qt: summarize, embed, search, classify, paraphrase, batch, evaluate.

One job per module; the `zoo` commands (zoo_desktop/cli/tasks_cmd.py) and the desktop app are thin layers on top.
Modules are imported on demand (numpy and onnxruntime load only when a task runs).
"""
