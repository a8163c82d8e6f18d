"""Texts become records: reading an article, a memoir or a letter (TXT, DOCX, PDF) and proposing
the people, places, units, dates and objects it names, linked to what the archive already holds.

`reading.read_text` turns a file into text, `extraction.extract` proposes the records; the
curator's review (models, actions, screens) builds on both."""
