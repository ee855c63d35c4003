"""RSS, Atom and JSON Feed entries become articles in a section, once each."""
