/*
 * The byte source under both savefile readers.
 *
 * Regular files are mapped whole: the readers then parse headers in place
 * and hand the caller pointers into the mapping, with no copy and no
 * system call per packet. Streams (stdin, pipes, sockets) cannot be mapped;
 * they are read through a buffer that holds only the record being parsed,
 * using exactly the sizes the format asks for, so that `tcpdump -r -` fed
 * by a live `tcpdump -w -` sees each packet as soon as it is complete.
 */
#include "savefile/sf_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* Stream buffers grow in steps no larger than the data that has actually
 * arrived, so a corrupt length field cannot make us allocate much more
 * than the file holds. */
#define SF_SOURCE_MIN_BUF	65536

static int sf_source_try_map(struct sf_source *s)
{
	struct stat st;
	off_t start;
	void *map;
	int fd = fileno(s->fp);

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= 0 || (uint64_t)st.st_size > SIZE_MAX)
		return -1;
	/* The FILE may have been read from already (pcap_fopen_offline on
	 * a caller's stream): its logical position is where we start. */
	start = ftello(s->fp);
	if (start < 0 || start > st.st_size)
		return -1;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return -1;
	madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	s->map = map;
	s->map_len = (size_t)st.st_size;
	s->base = map;
	s->len = (size_t)st.st_size;
	s->pos = (size_t)start;
	return 0;
}

void sf_source_init(struct sf_source *s, FILE *fp)
{
	memset(s, 0, sizeof(*s));
	s->fp = fp;
	if (sf_source_try_map(s) < 0)
		s->base = NULL;
}

/* Make room for n bytes from the start of buf, keeping the unread tail. */
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
	size_t avail = s->len - s->pos;

	if (avail >= n)
		return n;
	if (s->map)
		return avail;
	while (s->len - s->pos < n) {
		size_t have = s->len - s->pos;
		size_t step = have < SF_SOURCE_MIN_BUF ? SF_SOURCE_MIN_BUF : have * 2;
		size_t target = n < step ? n : step;
		size_t got;

		if (sf_source_compact(s, target) < 0) {
			s->read_errno = ENOMEM;
			break;
		}
		got = fread(s->buf + s->len, 1, target - s->len, s->fp);
		s->len += got;
		if (got < target - have) {
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
	if (s->map)
		munmap(s->map, s->map_len);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}
