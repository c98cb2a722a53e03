"""Invitations: links, slips, joined lists, refusals."""
