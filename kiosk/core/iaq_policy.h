/* Policy rules around the IAQ (issue 10 §2): the warning for a charge list
 * made only of immigration-status offenses (policy §B.4), and the Nlets
 * message form of the IAQ text (fields ended by a period) beside the
 * newline-per-field form the operator keys into the MULES screen. */
#ifndef KIOSK_IAQ_POLICY_H
#define KIOSK_IAQ_POLICY_H

#include <stdbool.h>
#include <stddef.h>

/* Policy §II.B.4, quoted. */
#define IAQ_POLICY_B4                                                                              \
    "Policy B.4: \"no member should arrest or detain any suspected illegal/ undocumented alien "   \
    "unless one or more of the following circumstances are present: a. A proper Missouri "         \
    "criminal charge or ordinance violation is applicable; b. A federal warrant exists for an "    \
    "immigration or other federal violation; c. The member has contacted ICE during the "          \
    "enforcement contact and ICE has authorized a detainer of that person.\""

/* True for an immigration-status code: the NCIC IMMIGRATION category (03xx)
 * and the special-file codes 8003 (deported criminal) and 8004 (unlawfully
 * present due to an order of removal). */
bool iaq_code_is_immigration_status(const char *code);

/* True when charges[0..n) (stops at "") is not empty and every charge is an
 * immigration-status code: no Missouri charge, warrant or detainer is on the
 * list, and the §B.4 warning applies. */
bool iaq_immigration_only(const char (*charges)[8], int n);

/* The warning sentence for iaq_immigration_only(), quoting §B.4 (static). */
const char *iaq_immigration_only_warning(void);

/* Converts the newline form of iaq_render_text() into the Nlets message
 * form: the header line, then every field ended by a period on one line
 * ("PUR/C.ATN/...OFF/0911."); periods inside values become spaces. Returns
 * the length, or KIOSK_ERR_FULL. */
int iaq_render_nlets(const char *text, char *out, size_t out_len);

#endif
