"""Procedure catalogue from the national public-service portal: import, search, rendering."""
