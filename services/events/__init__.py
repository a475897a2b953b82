"""The events service: the agenda (kegiatan), registrations, attendance and calendars."""
