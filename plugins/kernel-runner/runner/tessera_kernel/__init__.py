"""Tessera's kernel runner: executes query and batch runs for the agent inside a kernel."""
