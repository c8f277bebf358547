"""The kiosk's widgets: each screen drawn from KioskFlow, nothing stored here."""
