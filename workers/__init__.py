"""claimtrack workers package."""
