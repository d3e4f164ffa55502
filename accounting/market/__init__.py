"""The carbon market's end of the chain: allowances allocated by the national plans, their surrender
with CCER offsets against a registry export, and the yearly roster of covered enterprises."""
