# Test-suite pieces that belong to no single module.
