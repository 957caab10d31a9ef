/* The severity order of NCIC offense codes that picks the IAQ's OFF/ (Nlets:
 * the most serious charge): the FBI UCR Summary hierarchy for Part I
 * offenses first, then the other NCIC categories in a documented order
 * (assets/codes/offense_severity.csv, README "Policy map"). */
#ifndef KIOSK_SEVERITY_H
#define KIOSK_SEVERITY_H

/* The rank of a 4-digit NCIC offense code (1 = most serious), 0 when the
 * code is in no range. *label (may be NULL) gets the range's words. */
int severity_rank(const char *code, const char **label);

/* The index of the most serious of charges[0..n) (rank order; the first
 * listed wins a tie), -1 when none has a rank. */
int severity_most_serious(const char (*charges)[8], int n);

#endif
