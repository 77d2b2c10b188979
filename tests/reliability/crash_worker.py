"""The child of the crash-safety test: applies random operations to a project through the
real service layer, printing one line per operation *after* it has committed, until killed.

    python -m tests.reliability.crash_worker PROJECT SEED

Lines: ``ready``; then for each operation ``begin <json>`` before it is applied (its kind and
ids) and ``done <json>`` once it has committed (and the search index has taken it in). When
the parent kills the child, at most one operation has begun without being reported done:
it must be either wholly in the project or not at all.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from annotator.core.models import new_id
from annotator.core.records import ActorRecord
from annotator.services import operations as ops
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService
from annotator.services.search import SearchService


def _say(kind: str, **facts: object) -> None:
    sys.stdout.write(f"{kind} {json.dumps(facts)}\n")
    sys.stdout.flush()


def _run(
    search: SearchService, project: ProjectService, operation: ops.Operation, **facts: object
) -> None:
    _say("begin", **facts)
    project.apply(operation)
    search.ensure_current()
    _say("done", **facts)


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    with ProjectService.open(Path(path)) as project:
        coder = project.ensure_coder(f"worker-{seed}").id
        documents = [(d.id, d.length) for d in project.document_summaries()]
        claims = [c.id for c in project.claims()]
        scratch = Path(path).parent / f"import-{seed}"
        search = SearchService(project, Path(path).parent / "index")
        search.ensure_current()
        _say("ready")
        for step in range(10_000):
            actors = [a.id for a in project.actors()]
            document_id, length = rng.choice(documents)
            start = rng.randrange(0, max(1, length - 2))
            end = min(length, start + rng.randint(1, 50))
            mine = [a for a in project.annotations(document_id) if a.coder_id == coder]
            roll = rng.random()
            if roll < 0.35:
                statement = ops.AddStatement(
                    document_id, start, end, rng.choice(claims), coder,
                    speaker_id=rng.choice(actors), stance="support",
                )  # fmt: skip
                _run(search, project, statement, op="add", id=statement.id)
            elif roll < 0.6:
                mention = ops.AddMention(document_id, start, end, rng.choice(actors), coder)
                _run(search, project, mention, op="add", id=mention.id)
            elif roll < 0.75 and mine:
                target = rng.choice(mine).id
                note = f"edited {step}"
                _run(
                    search,
                    project,
                    ops.EditAnnotation(target, note=note),
                    op="edit",
                    id=target,
                    note=note,
                )
            elif roll < 0.85 and mine:
                target = rng.choice(mine).id
                _run(search, project, ops.DeleteAnnotation(target), op="delete", id=target)
            elif roll < 0.95:
                folder = scratch / str(step)
                folder.mkdir(parents=True)
                token = f"Unique{seed}x{step}x"
                for number in range(3):
                    (folder / f"{number}.txt").write_text(
                        f"Worker {seed} step {step} article {number}\n\n{token}{number} text.\n",
                        encoding="utf-8",
                    )
                _say("begin", op="import", token=token)
                report = import_paths(project, [folder])
                search.ensure_current()
                _say("done", op="import", token=token, ids=[d for _f, d in report.imported])
            else:
                source = ActorRecord(new_id(), f"Worker actor {seed}-{step}")
                _run(search, project, ops.CreateActor(source), op="create", id=source.id)
                target_id = rng.choice(actors)
                merge = ops.MergeActors(source.id, target_id)
                _run(search, project, merge, op="merge", source=source.id, target=target_id)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
