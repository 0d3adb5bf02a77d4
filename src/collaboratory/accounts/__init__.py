"""Users, guests, sign-in sessions, API tokens and permissions."""
