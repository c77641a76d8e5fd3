/*
 * The byte source under both savefile readers: a buffer the readers parse
 * records in place from, handing the caller pointers into it (valid until
 * the next read on the handle), with no copy and no stdio call per packet.
 *
 * Regular files are read ahead in large chunks. (Mapping them was tried and
 * measured slower: the kernel's copy into a buffer that stays in cache costs
 * less than the cache and TLB misses of walking a fresh mapping; see
 * bench/savefile/README.md.) Streams (stdin, pipes, sockets) are read with
 * exactly the sizes the format asks for, so that `tcpdump -r -` fed by a live
 * `tcpdump -w -` sees each packet as soon as it is complete instead of
 * waiting for a chunk to fill.
 */
#include "savefile/sf_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read-ahead chunk for regular files: large enough to make the read
 * system calls rare, small enough to stay in a core's cache. */
#define SF_SOURCE_CHUNK		(256 * 1024)
/* Buffers grow in steps no larger than the data that has actually
 * arrived, so a corrupt length field cannot make us allocate much more
 * than the file holds. */
#define SF_SOURCE_MIN_BUF	65536

void sf_source_init(struct sf_source *s, FILE *fp)
{
	struct stat st;
	int fd = fileno(fp);

	memset(s, 0, sizeof(*s));
	s->fp = fp;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		s->chunk = SF_SOURCE_CHUNK;
}

/* Move the unread tail to the start of buf and make it at least
 * want_cap bytes long. */
static int sf_source_compact(struct sf_source *s, size_t want_cap)
{
	size_t tail = s->len - s->pos;

	if (s->pos) {
		memmove(s->buf, s->buf + s->pos, tail);
		s->len = tail;
		s->pos = 0;
	}
	if (want_cap > s->cap) {
		u_char *bigger = realloc(s->buf, want_cap);

		if (bigger == NULL)
			return -1;
		s->buf = bigger;
		s->cap = want_cap;
	}
	s->base = s->buf;
	return 0;
}

size_t sf_source_fill_slow(struct sf_source *s, size_t n)
{
	size_t avail;

	while (s->len - s->pos < n) {
		size_t have = s->len - s->pos;
		size_t step = have < SF_SOURCE_MIN_BUF ? SF_SOURCE_MIN_BUF : have * 2;
		size_t target = n < step ? n : step;
		size_t want, got;

		if (target < s->chunk)
			target = s->chunk;
		if (sf_source_compact(s, target) < 0) {
			s->read_errno = ENOMEM;
			break;
		}
		/* A regular file fills the whole buffer; a stream gets only
		 * what this record still needs. */
		want = s->chunk ? s->cap - s->len : target - s->len;
		got = fread(s->buf + s->len, 1, want, s->fp);
		s->len += got;
		if (got < want) {
			if (ferror(s->fp))
				s->read_errno = errno ? errno : EIO;
			break;
		}
	}
	avail = s->len - s->pos;
	return avail < n ? avail : n;
}

void sf_source_release(struct sf_source *s)
{
	free(s->buf);
	memset(s, 0, sizeof(*s));
}
