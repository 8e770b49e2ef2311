"""claimtrack tests package."""
