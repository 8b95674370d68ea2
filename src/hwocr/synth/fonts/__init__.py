"""Optional font rendering: find installed fonts, check their glyph coverage, draw lines with them."""
