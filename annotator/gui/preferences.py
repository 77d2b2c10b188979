"""Edit → Preferences, applied: the stored choices given to the window at start, shown live
while the dialog is open (font, theme), taken on OK or Apply, and put back on Cancel.

The coder follows the rule of DESIGN.md §8: ``--coder NAME`` for one run, else the name set
here, else the OS user name; a new name is a coder created in the open project as at open
(:meth:`ProjectService.ensure_coder`). The stance scale is the project's, not this
computer's: it changes through one undoable ``SetStanceScale``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMainWindow

from annotator.gui.article_view import ArticleView
from annotator.gui.dialogs import Dialogs
from annotator.gui.preferences_dialog import PreferencesDialog, ScaleEdit
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Preferences, Settings
from annotator.gui.theme import apply_theme
from annotator.services.operations import SetStanceScale
from annotator.services.project import default_coder_name

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Preferences", text)


def article_font(preferences: Preferences) -> QFont:
    font = QFont(QApplication.font())
    # Set even when it is the system's: a font's unset family is taken from the font the
    # view has, so going back to the system's font would keep the one chosen before.
    font.setFamily(preferences.font_family or QApplication.font().family())
    font.setPointSizeF(preferences.font_size)
    return font


class PreferencesController:
    def __init__(
        self,
        window: QMainWindow,
        session: ProjectSession,
        view: ArticleView,
        settings: Settings,
        dialogs: Dialogs,
    ) -> None:
        self._window, self._session, self._view = window, session, view
        self._settings, self._dialogs = settings, dialogs
        self.current = settings.preferences()
        if session.coder_name is None and self.current.coder_name:
            session.coder_name = self.current.coder_name  # before a project opens
        self._show(self.current)

    def _show(self, preferences: Preferences) -> None:
        """The look of ``preferences`` on the window (what the dialog previews, and more)."""
        apply_theme(preferences.theme)
        self._view.set_base_font(article_font(preferences))
        self._view.trim_selection = preferences.trim_selection

    def _preview(self, preferences: Preferences) -> None:
        apply_theme(preferences.theme)
        self._view.set_base_font(article_font(preferences))

    def open_dialog(self) -> bool:
        """Show the dialog; True when it was closed with OK."""
        session = self._session
        project = session.project
        note = ""
        scale: tuple[str, ...] | None = None
        if project is None:
            note = _tr("Open a project to edit its stance scale.")
        elif not session.writable:
            note = _tr("The project is read-only: its stance scale cannot change.")
        else:
            scale = project.info().stance_scale
        dialog = PreferencesDialog(
            self.current,
            apply=self.apply,
            scale=scale,
            scale_note=note,
            default_coder=default_coder_name(),
            parent=self._window,
        )
        dialog.previewed.connect(self._preview)
        accepted = self._dialogs.run(dialog)
        # Its widgets may still signal while closing (a combo box taking its typed text on
        # losing the focus): nothing it says counts once it is closed.
        dialog.previewed.disconnect(self._preview)
        dialog.deleteLater()
        if not accepted:
            self._show(self.current)  # Cancel: back to what was applied
        return accepted

    def apply(self, preferences: Preferences, scale_edit: ScaleEdit | None) -> bool:
        """Take ``preferences`` (and a new stance scale, one undo step); False when the scale
        was refused (the message is shown) and nothing was taken."""
        if scale_edit is not None:
            scale, renames = scale_edit
            if not self._session.push(SetStanceScale(scale, renames), _tr("Change Stance Scale")):
                return False
        if preferences.coder_name != self.current.coder_name:
            name = preferences.coder_name or None
            if not self._session.set_coder_name(name):
                return False
            coder = name or default_coder_name()
            self._window.statusBar().showMessage(_tr("Coding as {0}").format(coder))
        self._settings.set_preferences(preferences)
        self._settings.sync()
        self.current = preferences
        self._show(preferences)
        return True
