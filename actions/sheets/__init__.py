"""Spreadsheets in and out: the tracker as XLSX or CSV for boards, and a council's own
tracker (or an edited export) read back in.

cells:        one cell's value: formula-injection guard on the way out (and off on the
              way in), dates in British or ISO text, numbers;
read:         an upload (XLSX or CSV) to a header and rows, within limits (no zip bombs);
write:        tables to an XLSX workbook or a CSV file;
export:       what the export holds (actions with their filters, measures and values,
              deadlines, the activity log);
mapping:      the tracker's fields for each kind of import, guessed from the headers;
action_rows:  rows of actions checked against the partnership's records, as a plan of
              creations and updates with every row's problems in words;
measure_rows: the same for measure values;
save:         the plan applied through the services the pages use, in one transaction.
"""
