"""How the site travels: static files and caching, security headers, the
static freeze and the nginx configuration that serves it."""
