"""Translated names for the services' machine words: model states, tasks, families, job stages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def state_label(state: str) -> str:
    labels = {
        "available": QCoreApplication.translate("Labels", "Not installed"),
        "imported": QCoreApplication.translate("Labels", "Imported"),
        "converted": QCoreApplication.translate("Labels", "Converted"),
        "verified": QCoreApplication.translate("Labels", "Verified"),
        "broken": QCoreApplication.translate("Labels", "Broken"),
    }
    return labels.get(state, state)


def task_label(task: str) -> str:
    labels = {
        "classify": QCoreApplication.translate("Labels", "classification"),
        "embed": QCoreApplication.translate("Labels", "sentence vectors"),
        "similarity": QCoreApplication.translate("Labels", "similarity"),
        "search": QCoreApplication.translate("Labels", "search"),
        "paraphrase": QCoreApplication.translate("Labels", "paraphrase"),
        "summarize": QCoreApplication.translate("Labels", "summarization"),
        "generate": QCoreApplication.translate("Labels", "generation"),
    }
    return labels.get(task, task)


def tasks_label(tasks: tuple[str, ...] | list[str]) -> str:
    if not tasks:
        return "—"
    return QCoreApplication.translate("Labels", ", ").join(task_label(t) for t in tasks)


FAMILY_NAMES = {"bert": "RoBERTa", "simbert": "SimBERT", "wobert": "WoBERT", "t5": "T5 PEGASUS"}


def family_label(family: str) -> str:
    """Product names: the same in every language."""
    return FAMILY_NAMES.get(family, family)


def stage_label(stage: str) -> str:
    labels = {
        "download": QCoreApplication.translate("Labels", "Downloading"),
        "extract": QCoreApplication.translate("Labels", "Unpacking"),
        "copy": QCoreApplication.translate("Labels", "Copying files"),
        "inspect": QCoreApplication.translate("Labels", "Checking the checkpoint"),
        "hash": QCoreApplication.translate("Labels", "Checking file integrity"),
        "install": QCoreApplication.translate("Labels", "Installing"),
        "start": QCoreApplication.translate("Labels", "Starting the converter"),
        "load": QCoreApplication.translate("Labels", "Loading the checkpoint"),
        "build": QCoreApplication.translate("Labels", "Building the model"),
        "convert": QCoreApplication.translate("Labels", "Converting to ONNX"),
        "export": QCoreApplication.translate("Labels", "Converting to ONNX"),
        "optimize": QCoreApplication.translate("Labels", "Optimizing"),
        "quantize": QCoreApplication.translate("Labels", "Quantizing"),
        "parity": QCoreApplication.translate("Labels", "Comparing outputs with TensorFlow"),
        "verify": QCoreApplication.translate("Labels", "Checking file integrity"),
        "write": QCoreApplication.translate("Labels", "Writing files"),
        "cleanup": QCoreApplication.translate("Labels", "Removing the old copy"),
        "classify": QCoreApplication.translate("Labels", "Classifying"),
        "batch": QCoreApplication.translate("Labels", "Processing files"),
        "list": QCoreApplication.translate("Labels", "Listing files"),
        "read": QCoreApplication.translate("Labels", "Reading files"),
        "embed": QCoreApplication.translate("Labels", "Encoding sentences"),
        "generate": QCoreApplication.translate("Labels", "Generating"),
        "prepare": QCoreApplication.translate("Labels", "Checking the data"),
        "train": QCoreApplication.translate("Labels", "Training"),
        "epoch": QCoreApplication.translate("Labels", "Training"),
        "evaluate": QCoreApplication.translate("Labels", "Evaluating"),
        "resume": QCoreApplication.translate("Labels", "Resuming"),
        "test": QCoreApplication.translate("Labels", "Testing"),
        "chunk": QCoreApplication.translate("Labels", "Summarizing part by part"),
        "final": QCoreApplication.translate("Labels", "Writing the final summary"),
        "extractive": QCoreApplication.translate("Labels", "Picking the central sentences"),
    }
    return labels.get(stage, QCoreApplication.translate("Labels", "Working"))


def device_label(device: str) -> str:
    if device == "cpu":
        return QCoreApplication.translate("Labels", "CPU")
    if device.startswith("cuda:"):
        return QCoreApplication.translate("Labels", "GPU %1 (CUDA)").replace("%1", device.partition(":")[2])
    return QCoreApplication.translate("Labels", "GPU (%1)").replace("%1", device.upper())


def device_reason_label(reason: str | None) -> str:
    """Why a model does not run on a GPU, from the engine's reason (its known wordings are translated)."""
    if not reason:
        return ""
    known = {
        "CPU chosen in the settings": QCoreApplication.translate("Labels", "The CPU is chosen in the settings."),
        "no NVIDIA GPU found": QCoreApplication.translate("Labels", "No NVIDIA GPU was found on this computer."),
        "no GPU provider": QCoreApplication.translate("Labels", "This onnxruntime has no GPU support (install the gpu extra: onnxruntime-gpu)."),
        "out of GPU memory": QCoreApplication.translate("Labels", "The GPU ran out of memory."),
        "CUDA libraries not found": QCoreApplication.translate("Labels", "The CUDA libraries that onnxruntime-gpu needs were not found."),
        "no CUDA-capable GPU": QCoreApplication.translate("Labels", "No CUDA-capable GPU was found."),
    }
    for prefix, text in known.items():
        if reason.startswith(prefix):
            return text
    return QCoreApplication.translate("Labels", "The GPU could not be used: %1").replace("%1", reason)
