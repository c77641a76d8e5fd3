/*
 * libFuzzer target: the pcapng reader. The input's first block is made a
 * Section Header Block with a valid byte-order magic (the order picked by
 * the input's sixth byte), so every input reaches the block parser.
 */
#include "fuzz_savefile.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint32_t shb = 0x0A0D0D0A;
	uint32_t bom = 0x1A2B3C4D;
	uint8_t *copy;

	if (size < 12)
		return fuzz_savefile(data, size);
	copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (data[5] & 0x80)
		bom = __builtin_bswap32(bom);
	memcpy(copy, &shb, 4);
	memcpy(copy + 8, &bom, 4);
	fuzz_savefile(copy, size);
	free(copy);
	return 0;
}
