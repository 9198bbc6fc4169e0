"""Running the stack: the Procfile's processes, their environment and their health."""
