"""The desktop board's widgets."""
