"""claimtrack tests.api package."""
