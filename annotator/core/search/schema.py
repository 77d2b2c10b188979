"""The Whoosh schema and analysers. Changing either means bumping :data:`SCHEMA_VERSION`,
which makes every existing index rebuild itself on next open."""

from __future__ import annotations

from whoosh import analysis, fields

SCHEMA_VERSION = 1

# Fields a user may name in a query, and what each searches.
USER_FIELDS = {
    "body": "the text (documents) or the quote (statements)",
    "title": "the title",
    "source": "the source or outlet",
    "date": "the publication date, e.g. date:[2023-01-01 TO 2023-12-31] or date:2024",
    "actor": "an actor coded in the document, or any of its names and aliases in the text",
    "claim": "the claim (or a parent claim) of a coded statement",
    "stance": "the stance of a coded statement",
    "coder": "who coded it",
}


def text_analyzer() -> analysis.Analyzer:
    """Words, lowercased and stemmed; no stop words, so every word of a phrase counts."""
    return analysis.StemmingAnalyzer(stoplist=None, minsize=1)


def name_analyzer() -> analysis.Analyzer:
    """Words, lowercased, not stemmed: for names of sources and actors."""
    return analysis.SimpleAnalyzer()


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        doc_id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=text_analyzer(), field_boost=2.0),
        source=fields.TEXT(analyzer=name_analyzer()),
        date=fields.DATETIME(),
        body=fields.TEXT(analyzer=text_analyzer(), phrase=True),
        actor=fields.TEXT(analyzer=name_analyzer()),
        actor_id=fields.KEYWORD(commas=True),
        claim=fields.TEXT(analyzer=text_analyzer()),
        stance=fields.KEYWORD(lowercase=True, commas=True),
        coder=fields.KEYWORD(lowercase=True, commas=True),
    )
