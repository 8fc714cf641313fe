"""The parts of the book's Sphinx extension, one job each; `moneyloop.sphinxext` wires them together."""
