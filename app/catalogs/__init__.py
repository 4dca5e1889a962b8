"""The gettext catalogs: files, the store, what templates call, the rules a
translation must follow, coverage, pseudo-locales and `flask translate`."""
