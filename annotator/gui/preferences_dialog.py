"""Edit → Preferences: who codes, the article's font and theme, how selections are taken,
the export format offered first, and the project's stance scale.

The dialog only gathers choices: ``previewed`` reports font and theme as they change (the
window shows them at once), and OK or Apply hand everything to the ``apply`` callback, which
says whether it took (a refused stance scale keeps the dialog open). Cancel leaves applying
to no one: the window goes back to what was applied before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.settings import THEMES, Preferences
from annotator.gui.stance_editor import StanceScaleEditor
from annotator.services.dataset_export import FORMATS

ScaleEdit = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""A new stance scale and its renames ((old, new) pairs)."""
Apply = Callable[[Preferences, ScaleEdit | None], bool]

Button = QDialogButtonBox.StandardButton


def system_font_family() -> str:
    return QApplication.font().family()


class PreferencesDialog(QDialog):
    previewed = Signal(object)
    """``Preferences`` as they stand in the dialog, whenever the font or the theme changes."""

    def __init__(
        self,
        current: Preferences,
        *,
        apply: Apply,
        scale: tuple[str, ...] | None,
        scale_note: str = "",
        default_coder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._apply = apply
        self._quiet = False

        self._make_fields(default_coder)
        stance_group = self._make_stance_group(scale, scale_note)
        self.buttons = QDialogButtonBox(
            Button.Ok | Button.Cancel | Button.Apply | Button.RestoreDefaults
        )
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(Button.Apply).clicked.connect(self._on_apply)
        restore = self.buttons.button(Button.RestoreDefaults)
        restore.clicked.connect(lambda: self.show_preferences(Preferences()))
        restore.setToolTip(
            self.tr("Put this computer's preferences back as they came (not the stance scale)")
        )
        columns = QHBoxLayout()
        columns.addLayout(self._make_forms(), 1)
        columns.addWidget(stance_group, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        editor = self.stance_editor
        chain: list[QWidget] = [
            self.coder_edit,
            self.export_box,
            self.trim_box,
            self.font_box,
            self.size_box,
            self.theme_box,
            editor.list,
            *editor.buttons(),
        ]
        for first, second in itertools.pairwise(chain):  # Tab goes as the groups read
            QWidget.setTabOrder(first, second)
        self.show_preferences(current)
        for signal in (
            self.font_box.currentFontChanged,
            self.size_box.valueChanged,
            self.theme_box.currentIndexChanged,
        ):
            signal.connect(self._on_look_changed)
        self.coder_edit.setFocus()

    def _make_fields(self, default_coder: str) -> None:
        self.coder_edit = QLineEdit()
        self.coder_edit.setObjectName("prefsCoder")
        self.coder_edit.setPlaceholderText(self.tr("{0} (your user name)").format(default_coder))
        self.coder_edit.setToolTip(
            self.tr("The name your coding is recorded under (empty: your user name)")
        )
        self.font_box = QFontComboBox()
        self.font_box.setObjectName("prefsFont")
        self.size_box = QSpinBox()
        self.size_box.setObjectName("prefsFontSize")
        self.size_box.setRange(6, 72)
        self.size_box.setSuffix(self.tr(" pt"))
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("prefsTheme")
        names = {
            "system": self.tr("As the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for theme in THEMES:
            self.theme_box.addItem(names[theme], theme)
        self.trim_box = QCheckBox(self.tr("&Leave out spaces at the ends of a selection"))
        self.trim_box.setObjectName("prefsTrim")
        self.trim_box.setToolTip(
            self.tr(
                "A selection made with the mouse often takes a space along; with this on, "
                "the span coded starts and ends at the text"
            )
        )
        self.export_box = QComboBox()
        self.export_box.setObjectName("prefsExportFormat")
        for fmt in FORMATS:
            self.export_box.addItem(fmt, fmt)

    def _make_forms(self) -> QVBoxLayout:
        general = QFormLayout()
        general.addRow(self._label(self.tr("&Coder name:"), self.coder_edit), self.coder_edit)
        general.addRow(self._label(self.tr("E&xport format:"), self.export_box), self.export_box)
        general.addRow(self.trim_box)
        article = QFormLayout()
        article.addRow(self._label(self.tr("&Font:"), self.font_box), self.font_box)
        article.addRow(self._label(self.tr("&Size:"), self.size_box), self.size_box)
        article.addRow(self._label(self.tr("&Theme:"), self.theme_box), self.theme_box)
        left = QVBoxLayout()
        for title, form in ((self.tr("Coding"), general), (self.tr("Article"), article)):
            group = QGroupBox(title)
            group.setLayout(form)
            left.addWidget(group)
        left.addStretch(1)
        return left

    def _make_stance_group(self, scale: tuple[str, ...] | None, scale_note: str) -> QGroupBox:
        self.stance_editor = StanceScaleEditor()
        stance_group = QGroupBox(self.tr("Stance scale of this project"))
        stance_layout = QVBoxLayout(stance_group)
        stance_layout.addWidget(self.stance_editor)
        if scale is None:
            self.stance_editor.setEnabled(False)
        else:
            self.stance_editor.set_scale(scale)
        if scale_note:
            note = QLabel(scale_note)
            note.setWordWrap(True)
            stance_layout.addWidget(note)
        return stance_group

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)  # Alt + its letter goes to the field
        return label

    # --- the choices ---------------------------------------------------------------------

    def show_preferences(self, preferences: Preferences) -> None:
        """Put ``preferences`` in the widgets (Restore Defaults shows the defaults)."""
        self._quiet = True
        self.coder_edit.setText(preferences.coder_name)
        self.font_box.setCurrentFont(QFont(preferences.font_family or system_font_family()))
        self.size_box.setValue(round(preferences.font_size))
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(preferences.theme)))
        self.trim_box.setChecked(preferences.trim_selection)
        self.export_box.setCurrentIndex(max(0, self.export_box.findData(preferences.export_format)))
        self._quiet = False
        self._on_look_changed()

    def preferences(self) -> Preferences:
        family = self.font_box.currentFont().family()
        return Preferences(
            coder_name=self.coder_edit.text(),
            font_family="" if family == system_font_family() else family,
            font_size=float(self.size_box.value()),
            theme=str(self.theme_box.currentData()),
            trim_selection=self.trim_box.isChecked(),
            export_format=str(self.export_box.currentData()),
        ).cleaned()

    def scale_edit(self) -> ScaleEdit | None:
        """The stance scale as edited, or None when it is as it was (or not editable)."""
        editor = self.stance_editor
        if not editor.isEnabled() or not editor.is_modified():
            return None
        return editor.scale(), editor.renames()

    # --- buttons -------------------------------------------------------------------------

    def _on_look_changed(self, *_args: object) -> None:
        if not self._quiet:
            self.previewed.emit(self.preferences())

    def _take(self) -> bool:
        edit = self.scale_edit()
        if not self._apply(self.preferences(), edit):
            return False
        if edit is not None:  # applied: later edits are compared with this scale
            self.stance_editor.set_scale(edit[0])
        return True

    def _on_apply(self) -> None:
        self._take()

    def _on_ok(self) -> None:
        if self._take():
            self.accept()
