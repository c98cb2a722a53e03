"""Read any table file into rows, find the header, map columns, normalise values.

Plain data in, plain data out: no database and no Qt here.
"""

from sferum_desk.importers.fields import IMPORT_KINDS, STAFF, STUDENTS, field_title, fields_for
from sferum_desk.importers.layout import Layout, Shape, analyse
from sferum_desk.importers.reader import RawSheet, RawWorkbook, read_table_file
from sferum_desk.importers.records import (
    Extraction, GuardianRecord, PersonRecord, RowIssue, extract,
)

__all__ = [
    "IMPORT_KINDS", "STAFF", "STUDENTS", "Extraction", "GuardianRecord", "Layout",
    "PersonRecord", "RawSheet", "RawWorkbook", "RowIssue", "Shape", "analyse", "extract",
    "field_title", "fields_for", "read_table_file",
]
