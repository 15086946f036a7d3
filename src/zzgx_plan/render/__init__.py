"""Rendering: turning computed results into text, tables and documents (formatting only, no computing)."""
