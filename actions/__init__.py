"""rasa-sdk actions, one module per feature."""
