"""What changed between two releases, and the version bump it requires."""
