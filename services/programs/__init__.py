"""Programs service: work programs (program kerja), work plans, assisted businesses and monev."""
