"""Pages whose model-based features are not built yet: they say plainly what they will need, which of the
user's models would qualify, and lead to the Models page. No mock-ups, no fake results."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from zoo_desktop.app.model_rows import ModelRow
from zoo_desktop.app.widgets import make_button, make_heading


@dataclass(frozen=True)
class PendingSpec:
    key: str  # the navigation key: "classify", "similarity", ...
    task: str | None  # the catalog task a suitable model lists; None: any converted model
    needs_conversion: bool = True


def _texts(key: str) -> tuple[str, str, str]:
    """(title, what it needs, what it will do), translated; literal strings so lupdate finds them."""
    texts = {
        "classify": (
            QCoreApplication.translate("PendingPage", "Classify"),
            QCoreApplication.translate("PendingPage", "Needs a converted RoBERTa or WoBERT model."),
            QCoreApplication.translate("PendingPage", "Sort texts into your own categories with a classifier fine-tuned on the Train page, one text at a time or a whole file."),
        ),
        "similarity": (
            QCoreApplication.translate("PendingPage", "Similarity & Search"),
            QCoreApplication.translate("PendingPage", "Needs a converted SimBERT model."),
            QCoreApplication.translate("PendingPage", "Measure how close two sentences are in meaning, and search a collection of texts for the passages closest to a query."),
        ),
        "paraphrase": (
            QCoreApplication.translate("PendingPage", "Paraphrase"),
            QCoreApplication.translate("PendingPage", "Needs a converted SimBERT or WoBERT model."),
            QCoreApplication.translate("PendingPage", "Generate sentences that say the same thing in other words, ranked by similarity to the original."),
        ),
        "batch": (
            QCoreApplication.translate("PendingPage", "Batch"),
            QCoreApplication.translate("PendingPage", "Needs the converted model of each task it runs (SimBERT, RoBERTa, WoBERT or T5 PEGASUS)."),
            QCoreApplication.translate("PendingPage", "Run summarizing, classification or similarity over many files at once and save the results as a table. Files dropped on the Summarize page wait in its queue until then."),
        ),
        "train": (
            QCoreApplication.translate("PendingPage", "Train"),
            QCoreApplication.translate("PendingPage", "Needs an imported RoBERTa or WoBERT model and the converter (TensorFlow, run in a separate process)."),
            QCoreApplication.translate("PendingPage", "Fine-tune a model on your own labelled texts to build a classifier for the Classify page."),
        ),
    }
    return texts[key]


class PendingPage(QWidget):
    openModelsRequested = Signal()

    def __init__(self, spec: PendingSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"{spec.key}Page")
        self._rows: list[ModelRow] = []
        self.heading = make_heading(f"{spec.key}Heading")
        self.status = QLabel()
        self.status.setObjectName(f"{spec.key}Status")
        self.status.setWordWrap(True)
        self.needs = QLabel()
        self.needs.setObjectName(f"{spec.key}Needs")
        self.needs.setWordWrap(True)
        font = self.needs.font()
        font.setBold(True)
        self.needs.setFont(font)
        self.description = QLabel()
        self.description.setObjectName(f"{spec.key}Description")
        self.description.setWordWrap(True)
        self.installed = QLabel()
        self.installed.setObjectName(f"{spec.key}Installed")
        self.installed.setWordWrap(True)
        self.open_models_button = make_button(f"{spec.key}OpenModelsButton", self.openModelsRequested.emit)

        row = QHBoxLayout()
        row.addWidget(self.open_models_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addSpacing(12)
        layout.addWidget(self.needs)
        layout.addWidget(self.description)
        layout.addWidget(self.installed)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(1)
        for label in (self.status, self.description, self.installed):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retranslateUi()

    def title(self) -> str:
        return _texts(self.spec.key)[0]

    def retranslateUi(self) -> None:
        title, needs, description = _texts(self.spec.key)
        self.heading.setText(title)
        self.status.setText(self.tr("This page is not available yet: it arrives with the inference engine."))
        self.needs.setText(needs)
        self.description.setText(description)
        self.open_models_button.setText(self.tr("Open Models"))
        self._show_installed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def update_models(self, rows: list[ModelRow]) -> None:
        self._rows = list(rows)
        self._show_installed()

    def suitable(self) -> list[ModelRow]:
        rows = [r for r in self._rows if r.installed and (self.spec.task is None or self.spec.task in r.tasks)]
        if self.spec.needs_conversion:
            rows = [r for r in rows if r.ready]
        return rows

    def _show_installed(self) -> None:
        ids = ", ".join(r.id for r in self.suitable())
        if ids:
            text = self.tr("Your suitable models: %1").replace("%1", ids)
        elif self.spec.needs_conversion:
            text = self.tr("None of your models qualifies yet: import one on the Models page and convert it to ONNX.")
        else:
            text = self.tr("None of your models qualifies yet: import one on the Models page.")
        self.installed.setText(text)
