"""Feedback store: what citizens leave with the bot (handoff requests, later surveys and reports)."""
