"""Analysis → Network (issue #20.3): the demo's network drawn from the menu, the statements
behind a node, one opened in the article, the picture saved as PNG and SVG."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsLineItem, QGraphicsSimpleTextItem

from annotator.gui.main_window import MainWindow
from annotator.gui.network_window import NetworkWindow
from annotator.gui.settings import Settings
from annotator.services.demo import create_demo_project
from tests.gui.test_window_paths import menu_action


@pytest.fixture
def coded_window(qtbot, tmp_path) -> Iterator[MainWindow]:
    project, _report = create_demo_project(tmp_path / "demo.annot")  # with the demo's coding
    project.close()
    window = MainWindow(Settings(), coder="tester")
    qtbot.addWidget(window)
    assert window.open_path(tmp_path / "demo.annot")
    window.show()
    yield window
    window.close()


def _drawn(network: NetworkWindow) -> bool:
    return "nodes" in network.status.text()


def test_the_demo_network_is_drawn_and_explained(coded_window, qtbot, tmp_path):
    window = coded_window
    menu_action(window, "Analysis", "Network…").trigger()
    network = window.findChild(NetworkWindow)
    assert network is not None
    qtbot.waitUntil(lambda: _drawn(network), timeout=20_000)
    texts = [i.text() for i in network.scene.items() if isinstance(i, QGraphicsSimpleTextItem)]
    assert any(t.startswith(window.project.info().name) for t in texts)  # the picture's title
    assert "actor to a claim" in network.explanation.text()
    nodes = [i for i in network.scene.items() if isinstance(i, QGraphicsEllipseItem)]
    edges = [i for i in network.scene.items() if isinstance(i, QGraphicsLineItem)]
    statements = [a for a in window.project.annotations() if a.kind == "statement"]
    speakers = {a.actor_id for a in statements if a.actor_id}
    claims = {a.claim_id for a in statements}
    assert len(nodes) == len(speakers | claims)  # two-mode: every speaker and claim
    assert len(edges) == len({(a.actor_id, a.claim_id) for a in statements if a.actor_id})
    # The statements behind a speaker's node, and one opened in the article.
    speaker = next(iter(speakers))
    node = next(i for i in nodes if i.data(0) == f"actor:{speaker}")
    node.setSelected(True)
    expected = [a for a in statements if a.actor_id == speaker]
    assert network.statements.count() == len(expected)
    network.statements.itemActivated.emit(network.statements.item(0))
    shown = window.session.document_id
    assert shown in {a.document_id for a in expected}
    # Only the statements of one stance.
    network.only_stance_box.setCurrentIndex(network.only_stance_box.findData("support"))
    qtbot.waitUntil(lambda: _drawn(network) and network.options().stances == ("support",))
    supported = {(a.actor_id, a.claim_id) for a in statements if a.stance == "support"}
    qtbot.waitUntil(
        lambda: (
            len([i for i in network.scene.items() if isinstance(i, QGraphicsLineItem)])
            == len({pair for pair in supported if pair[0]})
        )
    )
    network.only_stance_box.setCurrentIndex(0)
    # Agreement between actors: another network from the same controls.
    network.type_box.setCurrentIndex(network.type_box.findData("congruence"))
    qtbot.waitUntil(lambda: _drawn(network) and network.options().type == "congruence")
    assert "neighbouring stances (support and neutral) ½" in network.explanation.text()
    # The picture, saved.
    network.save(tmp_path / "net.png")
    network.save(tmp_path / "net.svg")
    image = QImage(str(tmp_path / "net.png"))
    assert image.width() > 50
    assert "<svg" in (tmp_path / "net.svg").read_text(encoding="utf-8")
    # Closing the project closes its network window.
    window.files.close_project()
    qtbot.waitUntil(lambda: window.findChild(NetworkWindow) is None)
