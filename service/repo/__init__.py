"""claimtrack service.repo package."""
