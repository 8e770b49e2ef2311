"""claimtrack service package."""
