"""claimtrack tests.unit package."""
