"""claimtrack workers.extraction package."""
