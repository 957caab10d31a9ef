/* Audit rows in words for the auditor's screen: the action, its object and
 * its outcome as a person reads them ("Intake recorded", "request 12",
 * "refused"), never the stored identifiers (intake.add, request:12, denied),
 * which stay in the row's record line for matching `kioskctl audit` output. */
#ifndef KIOSK_UI_AUDIT_WORDS_H
#define KIOSK_UI_AUDIT_WORDS_H

#include <stddef.h>

/* The action in words; an action the table does not know is spelled out
 * with its dots and underscores as spaces ("Other: foo bar"). */
const char *audit_action_words(const char *action, char *buf, size_t len);

/* The object in words ("request:12" -> "request 12", "user" -> "user"). */
const char *audit_object_words(const char *object, char *buf, size_t len);

/* The outcome in words ("ok" -> "done", "denied" -> "refused", "retry" ->
 * "retried"); anything else with underscores as spaces. */
const char *audit_outcome_words(const char *outcome, char *buf, size_t len);

#endif
