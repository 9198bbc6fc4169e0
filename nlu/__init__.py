"""Vietnamese language support shared by the Rasa pipeline and the procedure search."""
