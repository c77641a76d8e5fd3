/*
 * The end of every unit test's main(): run one suite, print check's
 * report, exit 0 only if every test passed.
 */
#ifndef MQPCAP_TEST_UNIT_RUN_H
#define MQPCAP_TEST_UNIT_RUN_H

#include <check.h>
#include <stdlib.h>

/* fork: CK_FORK_GETENV for check's default (a child per test unless
 * CK_FORK=no), CK_NOFORK where the tests share state loaded in main */
static inline int unit_run(Suite *s, enum fork_status fork)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_fork_status(sr, fork);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
