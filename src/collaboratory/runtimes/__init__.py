"""Runtime types, accelerator inventory and allocation, backends, lifecycle and usage."""
