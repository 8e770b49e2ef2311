"""claimtrack tests.integration package."""
