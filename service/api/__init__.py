"""claimtrack service.api package."""
