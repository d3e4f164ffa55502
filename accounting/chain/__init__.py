"""The monitoring chain of the carbon market (seed 001): monthly deposits with evidence, the grid
company's electricity, the reconciliation of the annual report with the deposits, and verification."""
