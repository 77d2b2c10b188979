"""Readers of a coded dataset, one per format (issue #17.7).

Each turns its files into the rows the loader takes (``rows.Row``: the line or row number
and either the row as JSONL has it, a dict of column name to value, or the row's problem),
so ``services/dataset_load.py`` loads JSONL, CSV folders and XLSX workbooks with one logic:

- :mod:`.jsonl_reader`: one JSON object per line, read as it is;
- :mod:`.csv_reader`: RFC 4180, the formula guard undone in the ``spreadsheet`` variant;
- :mod:`.xlsx_reader`: one sheet per table;
- :mod:`.source`: which files of a folder (or which file) to read, in which format, as the
  manifest beside them says.
"""
