/* ICE's answer as people read it: the words for each IAR disposition the
 * core knows (request_dispositions()), the alert colour by meaning (a
 * detainer or "unlawfully present" is never green) and the next step for
 * booking staff. Never shows the core's identifier itself. */
#ifndef KIOSK_UI_ANSWER_H
#define KIOSK_UI_ANSWER_H

#include "core/request.h"
#include "ui/theme.h"

#include <stddef.h>

/* Words for disposition d ("Record found: lawful permanent resident"). An
 * unknown identifier reads "Other answer (see ICE's text)". */
const char *answer_words(const char *d);

/* A short button label for d (comms answer buttons). */
const char *answer_button(const char *d);

/* The alert colour of d: BAD for detainers and unlawful presence, WARN for
 * a possible match or another answer, OK for citizens and lawful status or
 * no record. */
enum theme_status answer_status(const char *d);

/* The next step for booking staff after answer d. */
const char *answer_next_step(const char *d);

/* A request state in words ("Queued", "Sent to ICE", "Needs info"). */
const char *answer_state_words(enum request_state s);

/* A request timeline event's details in words ("mules_ref=X" -> "MULES
 * reference X", "disposition=no_record" -> "answer: No record found");
 * other text as it is. Writes into out and returns it. */
const char *answer_event_words(const char *details, char *out, size_t len);

#endif
