"""Live notebook documents: one CRDT per notebook, synced with y-protocols, durable in the DB."""
