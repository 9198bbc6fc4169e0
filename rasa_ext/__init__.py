"""Code the Rasa server loads besides the NLU components: the atomic Redis lock store."""
