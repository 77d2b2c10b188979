"""The Analysis menu's windows (Analysis → Network, Analysis → Agreement), opened on the
project of the window and closed with it."""

from __future__ import annotations

from annotator.gui.agreement_window import AgreementWindow
from annotator.gui.network_window import NetworkWindow
from annotator.gui.shell import Shell


def show_network(shell: Shell) -> NetworkWindow | None:
    """Analysis → Network: the network window of the open project, raised if it is open."""
    project = shell.session.project
    if project is None:
        return None
    existing = shell.window.findChild(NetworkWindow)
    if existing is not None and existing.project is project:
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing

    def open_statement(document_id: str, statement_id: str) -> None:
        if shell.session.document_id != document_id and not shell.documents.select(document_id):
            shell.session.show_document(document_id)
        shell.article.select(statement_id)
        shell.window.raise_()
        shell.window.activateWindow()

    window = NetworkWindow(shell.window, project, open_statement, shell.dialogs)
    shell.session.closing.connect(window.close)
    shell.session.bus.changed.connect(window.project_changed)
    window.show()
    return window


def show_agreement(shell: Shell) -> AgreementWindow | None:
    """Analysis → Agreement: inter-coder agreement and adjudication of the open project."""
    project = shell.session.project
    if project is None:
        return None
    existing = shell.window.findChild(AgreementWindow)
    if existing is not None and existing.project is project:
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    window = AgreementWindow(shell.window, shell.session, shell.dialogs)
    shell.session.closing.connect(window.close)
    window.show()
    return window
