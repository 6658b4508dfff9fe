"""The benchmark behind `make bench`: see docs/performance.md."""
