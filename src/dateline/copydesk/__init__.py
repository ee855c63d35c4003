"""The copy desk: publish checks that read a page or the site settings before readers do."""
