"""Workbook export and import, the blank template and the GIAS school register. No Qt."""
