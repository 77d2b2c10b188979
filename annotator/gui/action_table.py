"""Every command of the window, in menu order. Add a command with one line here; its menu
entry, keys, enabled state and its line in Help → Keyboard Shortcuts follow."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotator.gui.action_handlers import (
    adjust,
    dock_toggle,
    find,
    make_redo,
    make_undo,
    on_current,
    set_status,
    show_statements,
)
from annotator.gui.actions import ActionSpec, Needs
from annotator.gui.analysis_actions import show_agreement, show_network
from annotator.gui.help_dialogs import show_about, show_search_syntax, show_shortcuts
from annotator.gui.keys import REDO_KEYS, UNDO_KEYS

K = QKeySequence.StandardKey
P, W, D = Needs.PROJECT, Needs.WRITABLE, Needs.DOCUMENT


ACTIONS: list[ActionSpec] = [
    # File
    ActionSpec("file.new", "file", "&New Project…", lambda s: s.files.new_project(), (K.New,)),
    ActionSpec("file.open", "file", "&Open Project…", lambda s: s.files.open_project(), (K.Open,)),
    ActionSpec("file.recent", "file", "", make=lambda s: s.files.recent_menu.menuAction()),
    ActionSpec(
        "file.import",
        "file",
        "&Import Files…",
        lambda s: s.files.import_files(),
        ("Ctrl+I",),
        "Import files (or drop them on the window)",
        W,
        separator=True,
    ),
    ActionSpec(
        "file.load", "file", "Import &Coded Dataset…", lambda s: s.files.load_dataset(), needs=W
    ),
    ActionSpec(
        "file.codebook_import",
        "file",
        "Import Code&book…",
        lambda s: s.files.import_codebook(),
        help="Merge a codebook file (codebook.json) into this project's codebook",
        needs=W,
    ),
    ActionSpec(
        "file.export",
        "file",
        "&Export Dataset…",
        lambda s: s.files.export(),
        ("Ctrl+Shift+E",),
        "Export the coded dataset",
        P,
    ),
    ActionSpec(
        "file.codebook_export",
        "file",
        "Export Codebook…",
        lambda s: s.files.export_codebook(),
        help="Write the codebook (actors, claims, stance scale) to a file",
        needs=P,
    ),
    ActionSpec(
        "file.package",
        "file",
        "Make Coding &Package…",
        lambda s: s.files.team.make_package(),
        help="A new project for a coder: chosen documents and the codebook (docs/team.md)",
        needs=P,
        separator=True,
    ),
    ActionSpec(
        "file.merge",
        "file",
        "&Merge Coders' Projects…",
        lambda s: s.files.team.merge(),
        help="Bring the coders' annotations into this project, as one undo step",
        needs=W,
    ),
    ActionSpec(
        "file.copy",
        "file",
        "Save a &Copy…",
        lambda s: s.files.save_copy(),
        needs=P,
        help="Save a verified copy of the project",
    ),
    ActionSpec(
        "file.close",
        "file",
        "&Close Project",
        lambda s: s.files.close_project(),
        (K.Close,),
        needs=P,
        separator=True,
    ),
    ActionSpec("file.quit", "file", "&Quit", lambda s: s.window.close(), (K.Quit, "Ctrl+Q")),
    # Edit
    ActionSpec("edit.undo", "edit", "", keys=UNDO_KEYS, help="Undo", make=make_undo, toolbar=True),
    ActionSpec(
        "edit.redo",
        "edit",
        "",
        keys=REDO_KEYS,
        help="Redo",
        make=make_redo,
        toolbar=True,
    ),
    ActionSpec(
        "edit.preferences",
        "edit",
        "&Preferences…",
        lambda s: s.preferences.open_dialog(),
        # The platform's key only (Cmd+, on macOS; none elsewhere): the Keyboard Shortcuts
        # box is as tall as a 720-pixel screen allows already.
        (K.Preferences,),
        separator=True,
    ),
    # Code
    ActionSpec(
        "code.mention",
        "code",
        "Actor &Mention",
        lambda s: s.coding.code_mention(),
        ("A",),
        "Code the selection as an actor mention",
        D,
        toolbar=True,
    ),
    ActionSpec(
        "code.statement",
        "code",
        "&Statement",
        lambda s: s.coding.code_statement(),
        ("S",),
        "Code the selection as a statement (claim, speaker, stance)",
        D,
        toolbar=True,
    ),
    ActionSpec(
        "code.recode",
        "code",
        "&Recode…",
        lambda s: on_current(s, "recode"),
        ("Ctrl+R",),
        "Recode the selected annotation (actor; or claim, speaker, stance)",
        D,
    ),
    ActionSpec(
        "code.note",
        "code",
        "Edit &Note…",
        lambda s: on_current(s, "note"),
        ("Ctrl+E",),
        "Edit the note of the selected annotation",
        D,
    ),
    ActionSpec(
        "code.end+",
        "code/adjust",
        "Extend End",
        adjust("end", 1),
        ("Shift+Alt+Right",),
        "Move the end of the selected annotation right",
        D,
    ),
    ActionSpec(
        "code.end-",
        "code/adjust",
        "Shrink End",
        adjust("end", -1),
        ("Shift+Alt+Left",),
        "Move the end of the selected annotation left",
        D,
    ),
    ActionSpec(
        "code.start-",
        "code/adjust",
        "Extend Start",
        adjust("start", -1),
        ("Shift+Alt+Up",),
        "Move the start of the selected annotation left",
        D,
    ),
    ActionSpec(
        "code.start+",
        "code/adjust",
        "Shrink Start",
        adjust("start", 1),
        ("Shift+Alt+Down",),
        "Move the start of the selected annotation right",
        D,
    ),
    ActionSpec(
        "code.delete",
        "code",
        "&Delete Annotation",
        lambda s: on_current(s, "delete"),
        (K.Delete,),
        "Delete the annotation selected in the table",
        D,
        toolbar=True,
    ),
    # Document: the documents selected in the list (else the one shown)
    ActionSpec(
        "document.details",
        "document",
        "Edit &Details…",
        lambda s: s.documents.commands.edit_details(),
        ("Ctrl+Shift+D",),
        "Edit the details of the document",
        D,
    ),
    *(
        ActionSpec(
            f"document.status.{status.replace(' ', '_')}",
            "document/status",
            text,
            set_status(status),
            keys,
            f"Mark the documents {status}",
            D,
        )
        for status, text, keys in (
            ("not started", "&Not Started", ()),
            ("in progress", "In &Progress", ("Ctrl+Shift+P",)),
            ("done", "&Done", ("Ctrl+D",)),
        )
    ),
    ActionSpec(
        "document.delete",
        "document",
        "De&lete Documents…",
        lambda s: s.documents.commands.delete(),
        ("Ctrl+Shift+Del",),
        "Delete the documents (asks first)",
        D,
        separator=True,
    ),
    # Go
    ActionSpec(
        "go.next", "go", "&Next Document", lambda s: s.documents.step(1), ("Ctrl+PgDown",), needs=P
    ),
    ActionSpec(
        "go.previous",
        "go",
        "&Previous Document",
        lambda s: s.documents.step(-1),
        ("Ctrl+PgUp",),
        needs=P,
    ),
    ActionSpec(
        "go.find",
        "go",
        "&Find",
        find,
        (K.Find,),
        "Show the search panel and go to its query box",
        P,
        separator=True,
    ),
    ActionSpec(
        "go.next_hit",
        "go",
        "Next &Hit",
        lambda s: s.article.view.next_hit(1),
        ("F3",),
        "Next search hit in the article",
        P,
    ),
    ActionSpec(
        "go.previous_hit",
        "go",
        "Previous H&it",
        lambda s: s.article.view.next_hit(-1),
        ("Shift+F3",),
        "Previous search hit in the article",
        P,
    ),
    ActionSpec(
        "go.reindex",
        "go",
        "Rebuild Search &Index",
        lambda s: s.index.rebuild(),
        needs=P,
        separator=True,
    ),
    # View: show or hide each dock
    dock_toggle("documentDock"),
    dock_toggle("searchDock"),
    dock_toggle("codebookDock"),
    dock_toggle("annotationDock"),
    ActionSpec(
        "view.statements",
        "view",
        "&Statements",
        show_statements,
        ("Ctrl+Shift+T",),
        needs=P,
    ),
    ActionSpec(
        "view.zoom_in",
        "view",
        "Zoom &In",
        lambda s: s.article.view.zoom(1),
        (K.ZoomIn, "Ctrl+="),
        "Make the article's text larger (also Ctrl+wheel)",
        separator=True,
    ),
    ActionSpec(
        "view.zoom_out",
        "view",
        "Zoom &Out",
        lambda s: s.article.view.zoom(-1),
        (K.ZoomOut,),
        "Make the article's text smaller",
    ),
    ActionSpec(
        "view.zoom_reset",
        "view",
        "&Normal Size",
        lambda s: s.article.view.zoom(0),
        ("Ctrl+0",),
        "The article's text at its normal size",
    ),
    # Analysis
    ActionSpec(
        "analysis.network",
        "analysis",
        "&Network…",
        show_network,
        help="Who agrees and who conflicts with whom: the discourse network, drawn",
        needs=P,
    ),
    ActionSpec(
        "analysis.agreement",
        "analysis",
        "&Agreement…",
        show_agreement,
        help="Inter-coder agreement (Krippendorff's α and αu) and adjudication into 'gold'",
        needs=P,
    ),
    # Help
    ActionSpec(
        "help.shortcuts",
        "help",
        "&Keyboard Shortcuts",
        lambda s: show_shortcuts(s.dialogs, s.window, s.shortcut_rows()),
    ),
    ActionSpec(
        "help.search",
        "help",
        "&Search Syntax",
        lambda s: show_search_syntax(s.dialogs, s.window),
        help="The operators and fields of a search query",
    ),
    ActionSpec("help.about", "help", "&About Annotator", lambda s: show_about(s.window)),
]
