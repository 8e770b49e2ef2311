"""claimtrack workers.linking package."""
