"""Benchmarks and the scale data generator (not run by ``make test``). See README.md."""
