"""claimtrack tests.e2e package."""
