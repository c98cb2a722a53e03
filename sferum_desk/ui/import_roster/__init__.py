"""Roster import: the Excel import wizard, its review and background job."""
