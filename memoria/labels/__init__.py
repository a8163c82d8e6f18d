"""Printed QR labels for the stands, their short permanent URLs /i/<inventory number>, and the
kiosk mode of the public site for a touchscreen in the hall."""
