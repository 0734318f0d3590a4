"""Form layouts the dialogs and the review editor share: labels right-aligned in a
column, fields growing to the width, and several forms lined up as one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget


def form_layout(*, spacing: tuple[int, int] | None = None) -> QFormLayout:
    """A form whose labels sit right-aligned beside fields that take the width
    (``spacing``: horizontal and vertical, when the style's default is too tight)."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    if spacing is not None:
        form.setHorizontalSpacing(spacing[0])
        form.setVerticalSpacing(spacing[1])
    return form


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A plain-text label whose mnemonic (``&Rating``) moves the focus to ``widget``."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    label.setBuddy(widget)
    return label


def align_label_columns(*forms: QFormLayout) -> None:
    """One label column width for all ``forms``, so their fields line up."""
    labels = [
        item.widget()
        for form in forms
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
    ]
    shown = [label for label in labels if isinstance(label, QLabel)]
    if not shown:
        return
    width = max(label.sizeHint().width() for label in shown)
    for label in shown:
        label.setMinimumWidth(width)
