/* The words read to a foreign national about consular notification, in
 * English and Spanish: the State Department's statement 1 (not a mandatory
 * country: offer, ending with the question whether to notify) and statement
 * 2 (mandatory country: we must notify), and the warning never to tell a
 * consulate that the person asked for asylum. The wording follows the
 * Consular Notification and Access manual (5th ed., 2018) as far as the
 * team could confirm it: README "Policy map" marks what is unconfirmed. */
#ifndef KIOSK_CONSULAR_TEXT_H
#define KIOSK_CONSULAR_TEXT_H

#include <stdbool.h>

/* Statement 1 (mandatory false) or 2 (mandatory true) in lang "en" or "es";
 * NULL for another language. Static text, UTF-8. */
const char *consular_statement(bool mandatory, const char *lang);

/* The asylum warning for the member (English). Static text. */
const char *consular_asylum_warning(void);

#endif
