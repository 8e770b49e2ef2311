"""claimtrack schemas package."""
