"""Use-cases. They flush and never commit: the view or command that calls them commits once."""
