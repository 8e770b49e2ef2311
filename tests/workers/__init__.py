"""claimtrack tests.workers package."""
