"""WordPress exports (WXR 1.0 to 1.2) become sections, topics, authors, articles and pages."""
