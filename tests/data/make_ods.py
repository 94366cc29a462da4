"""Writes tests/data/small.ods, the OpenDocument spreadsheet tests/spreadsheets.rs reads
(pip install odfpy). Two sheets; the first holds a number, a date, a boolean and a text column,
with one empty cell."""
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P


def cell(value=None, kind=None):
    if value is None:
        return TableCell()
    if kind == "float":
        c = TableCell(valuetype="float", value=value)
    elif kind == "date":
        c = TableCell(valuetype="date", datevalue=value)
    elif kind == "boolean":
        c = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
    else:
        c = TableCell(valuetype="string")
    c.addElement(P(text=str(value)))
    return c


doc = OpenDocumentSpreadsheet()
first = Table(name="Readings")
rows = [
    [cell("site"), cell("level"), cell("day"), cell("ok")],
    [cell("north"), cell(1.5, "float"), cell("2024-03-01", "date"), cell(True, "boolean")],
    [cell("south"), cell(2.25, "float"), cell("2024-03-02", "date"), cell(False, "boolean")],
    [cell("east"), cell(None), cell("2024-03-03", "date"), cell(True, "boolean")],
]
for r in rows:
    tr = TableRow()
    for c in r:
        tr.addElement(c)
    first.addElement(tr)
doc.spreadsheet.addElement(first)
second = Table(name="About")
tr = TableRow()
tr.addElement(cell("note"))
second.addElement(tr)
tr = TableRow()
tr.addElement(cell("made by make_ods.py"))
second.addElement(tr)
doc.spreadsheet.addElement(second)
doc.save("tests/data/small.ods")
