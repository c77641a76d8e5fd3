# Test-suite pieces that belong to no single module.

include test/integration/local.mk
include test/diff/local.mk
