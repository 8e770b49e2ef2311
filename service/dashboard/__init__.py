"""claimtrack service.dashboard package."""
