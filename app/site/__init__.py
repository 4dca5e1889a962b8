"""The site: languages, the page registry, views, publishing and error pages."""
