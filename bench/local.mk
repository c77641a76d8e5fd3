# Benchmarks: never run by make check; see bench/README.md.
