"""Test helpers shared by every app's tests: a small world of tenants and users."""
