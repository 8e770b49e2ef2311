"""claimtrack bench package."""
