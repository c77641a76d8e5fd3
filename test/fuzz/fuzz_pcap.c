/*
 * libFuzzer target: the classic pcap reader. The first byte of the input
 * picks one of the six magic numbers (micro, nano, "modified"; either byte
 * order), written over the input's first four bytes, so every input reaches
 * this reader whatever the fuzzer did to the magic.
 */
#include "fuzz_savefile.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t magics[] = { 0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34 };
	uint8_t *copy;
	uint32_t magic;

	if (size < 4)
		return fuzz_savefile(data, size);
	copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	magic = magics[data[0] % 3];
	if (data[0] & 0x80)
		magic = __builtin_bswap32(magic);
	memcpy(copy, &magic, 4);
	fuzz_savefile(copy, size);
	free(copy);
	return 0;
}
