"""The work plan (rencana kerja) of an inaugurated term and its summary."""
